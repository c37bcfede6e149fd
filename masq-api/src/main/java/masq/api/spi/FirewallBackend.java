package masq.api.spi;

import java.util.Optional;
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

    /**
     * Removes every rule, chain, set or table this backend owns, and nothing else.
     *
     * <p>Idempotent and fine on an empty node: when nothing of ours is there it writes nothing and returns
     * {@code changed=false}. It never creates state either, not even by reading: a backend whose read
     * tools instantiate what they read (e.g. iptables-legacy creates a table it is asked to list) first
     * checks, by a means that creates nothing, whether there is anything to read.
     *
     * @return {@code changed=true} when something was removed, with a one-line summary of what
     * @throws BackendException if reading or writing failed; what was there stays in force
     */
    SyncResult cleanup() throws BackendException;

    /**
     * The kernel ruleset this instance writes, e.g. {@code iptables-nft} for an {@code iptables} backend
     * that detected nft mode; see {@link FirewallBackendProvider#rulesetId()}. Empty (the default) for a
     * backend that writes no shared kernel ruleset, such as {@code dryrun}: the agent then never cleans up
     * after other backends when it runs.
     */
    default Optional<String> rulesetId() {
        return Optional.empty();
    }

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
