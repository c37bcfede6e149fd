package masq.api.spi;

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
