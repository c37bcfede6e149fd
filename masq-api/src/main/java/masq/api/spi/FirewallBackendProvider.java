package masq.api.spi;

/**
 * A cheap descriptor of a firewall backend, found through {@link java.util.ServiceLoader}.
 *
 * <p>Constructors and {@link #id()} do nothing; {@link #probe} may run read-only commands (a version
 * query) but never changes the kernel; only {@link #create} builds the heavy instance. Ids are unique:
 * the agent refuses to start when two providers claim one id.
 */
public interface FirewallBackendProvider {

    /** Stable id chosen with {@code --backend}, lower case letters, digits and '-' (e.g. {@code iptables-nft}). */
    String id();

    /** One line for {@code --help} and the start-up log. */
    String description();

    /** Whether this backend can work here (tools or libraries present), without side effects. */
    Availability probe(BackendContext context);

    /**
     * Builds the backend. May detect modes and versions; must not change the kernel.
     *
     * @throws BackendException if the backend cannot work here, saying why
     */
    FirewallBackend create(BackendContext context) throws BackendException;
}
