/**
 * The contract between the agent and its firewall backends: immutable values and the SPI, nothing else.
 *
 * <p>{@code masq.api} holds addresses, CIDRs, the IP family, port ranges, the validated
 * {@link masq.api.MasqPolicy} and {@link masq.api.ConfigProblem}, and the value syntax every module shares:
 * Go's durations ({@link masq.api.GoDuration}) and quoting ({@link masq.api.GoQuote}), here because the
 * flags (masq.app), the config files (masq.config) and {@code ConfigProblem}'s one-line form all need them.
 * {@code masq.api.spi} holds {@link masq.api.spi.FirewallBackendProvider} (a cheap descriptor found by
 * {@link java.util.ServiceLoader}, declared with {@link masq.api.spi.Backend @Backend} so the agent knows its id
 * without instantiating it)
 * and {@link masq.api.spi.FirewallBackend} (the heavy instance it creates), plus
 * {@link masq.api.spi.ConfigSourceProvider} for pluggable config sources.
 *
 * <p>Backends receive one validated policy; they never read files or flags. IPv4 and IPv6 differ only
 * by an {@link masq.api.IpFamily} value. This module requires nothing but {@code java.base}.
 */
module masq.api {
    exports masq.api;
    exports masq.api.spi;
}
