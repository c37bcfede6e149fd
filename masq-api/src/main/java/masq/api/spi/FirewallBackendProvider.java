package masq.api.spi;

import java.util.Optional;

/**
 * A cheap descriptor of a firewall backend, found through {@link java.util.ServiceLoader} and declared with
 * {@link Backend @Backend(id, description)}.
 *
 * <p>The agent reads the declaration without instantiating the class and instantiates only the provider
 * chosen with {@code --backend}. Constructors do nothing; {@link #probe} may run read-only commands (a
 * version query) but never changes the kernel; only {@link #create} builds the heavy instance. Ids are
 * unique: the agent refuses to start when two providers declare one id.
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

    /** Whether this backend can work here (tools or libraries present), without side effects. */
    Availability probe(BackendContext context);

    /**
     * The kernel ruleset every instance of this provider writes, when it is fixed: e.g.
     * {@code iptables-legacy}, {@code iptables-nft}, {@code nftables}. Empty (the default) when it depends
     * on the node (an auto-detecting provider) or when there is none (a dry run).
     *
     * <p>Used when switching backends: after the running backend's first good sync, every provider with a
     * fixed ruleset other than the running backend's {@link FirewallBackend#rulesetId()} is created with no
     * options and asked to {@link FirewallBackend#cleanup()}, so two backends never masquerade at once.
     * Cheap, like {@link #id()}.
     */
    default Optional<String> rulesetId() {
        return Optional.empty();
    }

    /**
     * Builds the backend. May detect modes and versions; must not change the kernel.
     *
     * @throws BackendException if the backend cannot work here, saying why
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
