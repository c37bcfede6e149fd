package masq.api.spi;

import java.util.Optional;

/**
 * A cheap descriptor of a firewall backend, found through {@link java.util.ServiceLoader} and declared with
 * {@link Backend @Backend(id, description)} on the class named in {@code provides ... with}.
 *
 * <p>The agent reads the declaration without instantiating the class and instantiates only the provider
 * chosen with {@code --backend}. Constructors do nothing; {@link #probe} may run read-only commands (a
 * version query) but never changes the kernel; only {@link #create} builds the heavy instance. Ids are
 * unique: the agent refuses to start when two providers declare one id, or a plugin claims a built-in id.
 * A plugin's constructor, {@code probe} and {@code create} each get 10 s; the agent gives up after that.
 */
public interface FirewallBackendProvider {

    /** The id declared by {@link Backend#id()}; do not override (the agent refuses a provider whose id differs). */
    default String id() {
        return declaration(this).id();
    }

    /** The description declared by {@link Backend#description()}. */
    default String description() {
        return declaration(this).description();
    }

    /**
     * Whether this backend can work here (tools or libraries present), without side effects.
     *
     * <p>Advisory: the agent logs the answer and, for the backend chosen with {@code --backend}, calls
     * {@link #create} even when it says unavailable (the operator asked for it; {@code create} then says
     * precisely why it cannot work). When switching backends it skips cleaning up after a provider that is
     * unavailable here, since nothing of it can be on the node. So never throw: report a problem as
     * {@link Availability#unavailable(String)} with what is missing.
     */
    Availability probe(BackendContext context);

    /**
     * The kernel ruleset every instance of this provider writes, when it is fixed: e.g.
     * {@code iptables-legacy}, {@code iptables-nft}, {@code nftables}. Empty (the default) when it depends
     * on the node (an auto-detecting provider) or when there is none (a dry run).
     *
     * <p>Used when switching backends: after the running backend's first good sync, every provider with a
     * fixed ruleset other than the running backend's {@link FirewallBackend#rulesetId()} is created with no
     * options and asked to {@link FirewallBackend#cleanup()}, so two backends never masquerade at once.
     * Today the agent asks only the built-in providers (a plugin's code runs only when it is chosen); a
     * plugin that declares a ruleset id must still accept that call: {@link #create} with an empty options
     * map succeeds, and {@code cleanup} removes only what it owns and creates nothing. Cheap, like {@link #id()}.
     */
    default Optional<String> rulesetId() {
        return Optional.empty();
    }

    /**
     * Builds the backend. May detect modes and versions; must not change the kernel ({@code render} uses it
     * too, on machines where nothing may change).
     *
     * <p>Checks the options ({@link BackendContext#options()}, from {@code --backend-option key=value}) here,
     * before anything runs: an unknown key, an invalid value or a missing required option is a
     * {@link BackendException} with reason {@link BackendException.Reason#FAILED} whose message names the
     * key, the value and what is allowed (e.g. {@code unknown backend option "nft-mdoe" (known: nft-mode,
     * nft-timeout-ms)}); the agent then exits 1 with that message. Never ignore an option you do not know:
     * a misspelt option silently ignored is a setting the operator believes is in force. An empty options
     * map must work whenever the backend has usable defaults (see {@link #rulesetId()}).
     *
     * @throws BackendException if the backend cannot work here or an option is wrong, saying why
     */
    FirewallBackend create(BackendContext context) throws BackendException;

    private static Backend declaration(FirewallBackendProvider provider) {
        Backend b = provider.getClass().getAnnotation(Backend.class);
        if (b == null) {
            throw new IllegalStateException(provider.getClass().getName() + " is not annotated with @"
                    + Backend.class.getName());
        }
        return b;
    }
}
