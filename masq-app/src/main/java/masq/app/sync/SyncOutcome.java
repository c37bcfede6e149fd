package masq.app.sync;

import java.time.Duration;
import java.util.List;
import masq.api.ConfigProblem;
import masq.api.MasqPolicy;
import masq.api.spi.BackendException;
import masq.api.spi.SyncResult;

/**
 * What one iteration of the sync loop did: one value per sync, read by health, metrics, logs, {@code --once}'s
 * exit status and the backend switch. Success has one definition, {@link #rulesInForce()}: the backend
 * accepted a policy, either the current config's or, while the config is invalid, the last good one.
 */
public sealed interface SyncOutcome extends LoopEvent
        permits SyncOutcome.InForce, SyncOutcome.NoValidConfig, SyncOutcome.Failed {

    /** The outcomes that leave the agent's rules in force. */
    sealed interface InForce extends SyncOutcome permits Synced, KeptLastGood {
        /** The policy now in force. */
        MasqPolicy policy();

        /** What the backend did. */
        SyncResult result();

        /**
         * Whether the sync wrote although the policy had not changed since the last successful sync: someone
         * else had changed the agent's rules (drift), and they are repaired now.
         */
        boolean drift();

        /** How long the backend sync took. */
        Duration took();
    }

    /** The config was valid and its policy is in force. */
    record Synced(MasqPolicy policy, SyncResult result, boolean drift, Duration took) implements InForce {
    }

    /** The config was invalid; the last good policy was synced and is in force. */
    record KeptLastGood(MasqPolicy policy, SyncResult result, boolean drift, Duration took) implements InForce {
    }

    /**
     * The config was invalid and there has been no good one yet: nothing was applied. (So no sync has been
     * attempted yet, and none has failed.)
     *
     * @param problems the config's problems
     */
    record NoValidConfig(List<ConfigProblem> problems) implements SyncOutcome {
        public NoValidConfig {
            problems = List.copyOf(problems);
        }
    }

    /**
     * The backend failed; its previous rules stay in force (backends apply atomically).
     *
     * @param policy              the policy it was asked to sync
     * @param error               why; a bug (a RuntimeException) as a {@code FAILED} one
     * @param consecutiveFailures failed syncs in a row, this one included: the agent's one failure count
     * @param took                how long the attempt took
     */
    record Failed(MasqPolicy policy, BackendException error, int consecutiveFailures, Duration took) implements SyncOutcome {
    }

    /** Whether the agent's rules are in force after this iteration: the one definition of a good sync. */
    default boolean rulesInForce() {
        return this instanceof InForce;
    }

    /** Failed syncs in a row ending with this iteration: 0 unless {@link Failed}. */
    default int consecutiveFailures() {
        return 0;
    }

    /** The name logs give it, e.g. {@code one sync done: SYNCED}. */
    default String label() {
        return switch (this) {
            case Synced s -> "SYNCED";
            case KeptLastGood k -> "CONFIG_INVALID";
            case NoValidConfig n -> "NO_VALID_CONFIG";
            case Failed f -> "SYNC_FAILED";
        };
    }
}
