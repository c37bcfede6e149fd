package masq.app;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import masq.api.ConfigProblem;
import masq.api.MasqPolicy;
import masq.api.spi.BackendException;
import masq.api.spi.SyncResult;

/**
 * What the sync loop tells the rest of the agent: health state, metrics and logs listen here, so the loop
 * knows nothing about HTTP or Prometheus. Called on the sync thread; implementations must be quick and
 * thread-safe for readers on other threads.
 */
interface SyncEvents {
    /** Nobody listening. */
    SyncEvents NONE = new SyncEvents() { };

    /**
     * A config load finished.
     *
     * @param problems      every problem found (errors and warnings)
     * @param valid         whether the config was usable
     * @param policyChanged whether the policy differs from the one applied before
     */
    default void configLoaded(List<ConfigProblem> problems, boolean valid, boolean policyChanged) {
    }

    /**
     * A sync attempt ended.
     *
     * @param outcome what the iteration did
     * @param took    how long the backend sync took
     * @param policy  the policy synced, if any
     * @param result  the backend's result when it succeeded
     * @param failure the backend's error when it failed
     */
    default void syncFinished(SyncLoop.Outcome outcome, Duration took, Optional<MasqPolicy> policy,
                              Optional<SyncResult> result, Optional<BackendException> failure) {
    }

    /**
     * An iteration starts (added for the reconciler; metrics may count reloads by cause).
     *
     * @param trigger why it runs: start, periodic resync, config change, external change, retry
     */
    default void syncTriggered(Trigger trigger) {
    }

    /**
     * A sync wrote to the kernel although the policy had not changed since the last successful sync:
     * someone else had changed our rules (drift), and they are repaired now. Called before
     * {@link #syncFinished}.
     *
     * @param result the backend's result, whose summary says what was rewritten
     */
    default void driftRepaired(SyncResult result) {
    }

    /** Several listeners as one, called in order. */
    static SyncEvents all(List<SyncEvents> listeners) {
        List<SyncEvents> copy = List.copyOf(listeners);
        return new SyncEvents() {
            @Override
            public void configLoaded(List<ConfigProblem> problems, boolean valid, boolean policyChanged) {
                copy.forEach(l -> l.configLoaded(problems, valid, policyChanged));
            }

            @Override
            public void syncTriggered(Trigger trigger) {
                copy.forEach(l -> l.syncTriggered(trigger));
            }

            @Override
            public void driftRepaired(SyncResult result) {
                copy.forEach(l -> l.driftRepaired(result));
            }

            @Override
            public void syncFinished(SyncLoop.Outcome outcome, Duration took, Optional<MasqPolicy> policy,
                                     Optional<SyncResult> result, Optional<BackendException> failure) {
                copy.forEach(l -> l.syncFinished(outcome, took, policy, result, failure));
            }
        };
    }
}
