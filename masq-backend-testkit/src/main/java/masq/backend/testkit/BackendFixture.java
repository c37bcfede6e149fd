package masq.backend.testkit;

import masq.api.IpAddress;
import masq.api.spi.FirewallBackend;

/**
 * One backend under test over its own fresh fake "kernel", supplied by the backend author to
 * {@link BackendContract}. Each fixture is independent: two fixtures never share state.
 *
 * <p>The fake is whatever the backend drives: a stateful fake iptables or nft behind a
 * {@link masq.api.spi.CommandRunner}, a temporary file, an in-memory map. {@link #state()} and
 * {@link #masquerades} read it back; neither may change it.
 */
public interface BackendFixture extends AutoCloseable {

    /** The backend under test, created over this fixture's fake. The same instance on every call. */
    FirewallBackend backend();

    /**
     * A canonical dump of everything the fake holds now (not only what the backend owns), so that
     * leftovers and collateral damage show. Equal states must give equal text.
     */
    String state() throws Exception;

    /**
     * The verdict oracle: would traffic from a pod to {@code destination} leave with the node's address,
     * judged from the fake's current state (e.g. a tracer walking the fake's rules), never from the policy.
     */
    boolean masquerades(IpAddress destination) throws Exception;

    /** Closes the backend and deletes whatever the fake left behind (temporary files). */
    @Override
    default void close() throws Exception {
        backend().close();
    }
}
