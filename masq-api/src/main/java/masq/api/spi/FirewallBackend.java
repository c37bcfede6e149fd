package masq.api.spi;

import java.util.Optional;
import masq.api.MasqPolicy;

/**
 * A firewall backend: renders a {@link MasqPolicy} into its own dialect and keeps the kernel matching it.
 * Created by {@link FirewallBackendProvider#create}; the conformance suite {@code masq.backend.testkit.BackendContract}
 * checks every promise below that a fake can observe.
 *
 * <p>Threads: the agent calls {@link #sync}, {@link #cleanup} and {@link #close} from one thread at a
 * time (the sync loop's); {@link #render} may come from another command in another process, never
 * concurrently with a write of the same instance.
 *
 * <p>Failure semantics: {@link #sync} and {@link #cleanup} are atomic per transaction; when they throw,
 * what was in the kernel before stays in force. Throw {@link BackendException} for every failure you can
 * foresee (a missing tool, a refused payload, a held lock, a timeout), with the {@link BackendException.Reason}
 * that fits and a message naming the object. A {@link RuntimeException} escaping a method is a bug in the
 * backend. From {@link #sync} the agent treats it as a failed sync with reason
 * {@link BackendException.Reason#FAILED}, logging its stack trace at ERROR: retried with backoff, counted
 * towards {@code --max-sync-failures} (after which the agent reports itself unhealthy), so it too must
 * leave the previous rules in force. From the other methods it fails the command ({@code render},
 * {@code cleanup}, {@code --cleanup-on-exit}) or, when switching backends, is logged and skipped.
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
     * Called at start, on every config change and every resync interval (60 s by default), with the same
     * policy most of the time: the no-change path is the hot one.
     *
     * <p>{@link SyncResult#changed()} must be exact: {@code true} if and only if this call wrote something.
     * The agent derives drift from it: a write while the policy has not changed since the last successful
     * sync means someone else changed the rules, and is logged ({@code rules repaired (changed by someone
     * else)}) and counted ({@code ip_masq_agent_drift_repairs_total}). A backend that always reports a
     * change reports drift every resync; one that hides a write hides a repair.
     *
     * <p>A policy the backend cannot express (e.g. IPv6 where it has no IPv6) is refused with a
     * {@link BackendException} before anything is written.
     *
     * @return whether anything was written, and a one-line summary
     * @throws BackendException if reading or writing failed, or the policy cannot be expressed; the previous
     *         rules stay in force
     */
    SyncResult sync(MasqPolicy policy) throws BackendException;

    /**
     * Removes every rule, chain, set or table this backend owns, and nothing else.
     *
     * <p>Idempotent and fine on an empty node: when nothing of ours is there it writes nothing and returns
     * {@link SyncResult#nothingRemoved()} ({@code changed=false}); called twice, the second call finds
     * nothing. It never creates state either, not even by reading: a backend whose read tools instantiate
     * what they read (e.g. iptables-legacy creates a table it is asked to list) first checks, by a means
     * that creates nothing, whether there is anything to read.
     *
     * <p>It may be the only call an instance gets: {@code ip-masq-agent cleanup}, {@code --cleanup-on-exit},
     * and the switch between backends (see {@link FirewallBackendProvider#rulesetId()}), where the
     * instance was created with no options on a node where this backend may never have run. A later
     * {@link #sync} on the same instance works again.
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
     * once instead of at the next periodic resync. The default watches nothing (the periodic resync still
     * heals). A callback is a hint to sync now, not a verdict: the next {@link #sync} decides, and its
     * {@link SyncResult#changed()} says whether there was anything to repair.
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
