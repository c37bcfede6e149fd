package masq.api.spi;

import masq.api.MasqPolicy;

/**
 * A firewall backend: renders a {@link MasqPolicy} into its own dialect and keeps the kernel matching it.
 *
 * <p>Failure semantics: {@link #sync} and {@link #cleanup} are atomic per transaction; when they throw,
 * what was in the kernel before stays in force. They are called from one thread at a time.
 */
public interface FirewallBackend extends AutoCloseable {

    /** Id, mode and tool version, for logs and metrics. */
    BackendInfo info();

    /**
     * Pure: exactly the text(s) {@link #sync} would send to the kernel for this policy when starting from
     * an empty state. Never runs a command.
     */
    Rendering render(MasqPolicy policy);

    /**
     * Makes the kernel match the policy: reads the current state, writes nothing when it already matches,
     * otherwise applies every change in one atomic transaction per family (removing leftovers it owns).
     *
     * @return whether anything was written, and a one-line summary
     * @throws BackendException if reading or writing failed; the previous rules stay in force
     */
    SyncResult sync(MasqPolicy policy) throws BackendException;

    /** Removes every rule, chain, set or table this backend owns, and nothing else. */
    void cleanup() throws BackendException;

    /**
     * Asks to be told when someone else changes the state this backend owns, so the agent can heal it at
     * once instead of at the next periodic resync. The default watches nothing.
     *
     * @param onChange called from a backend thread; must return quickly
     * @return closes the watch
     */
    default AutoCloseable watchExternalChanges(Runnable onChange) {
        return () -> { };
    }

    /** Releases in-process resources (library handles, threads). Never touches the rules. */
    @Override
    default void close() {
    }
}
