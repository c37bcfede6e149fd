package masq.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import masq.api.MasqPolicy;
import masq.api.spi.BackendException;
import masq.api.spi.SyncResult;

/**
 * The agent's health as the sync loop reports it, readable from any thread.
 *
 * <p>Healthy (liveness): the loop attempted a sync recently (within {@code staleAfter}) and fewer than
 * {@code maxFailures} syncs in a row failed. Ready: a sync has succeeded and the last attempt applied the
 * current policy (an invalid new config keeps the agent ready: the last good policy is in force).
 */
final class HealthState implements SyncEvents {
    private final Clock clock;
    private final int maxFailures;

    private volatile Instant lastAttempt;
    private volatile Instant lastSuccess;
    private volatile int consecutiveFailures;
    private volatile boolean currentPolicyApplied;

    /**
     * @param clock       time source
     * @param maxFailures consecutive failed syncs after which the agent reports itself unhealthy
     */
    HealthState(Clock clock, int maxFailures) {
        this.clock = clock;
        this.maxFailures = maxFailures;
    }

    @Override
    public void syncFinished(SyncLoop.Outcome outcome, Duration took, Optional<MasqPolicy> policy,
                             Optional<SyncResult> result, Optional<BackendException> failure) {
        Instant now = clock.instant();
        lastAttempt = now;
        switch (outcome) {
            case SYNCED, CONFIG_INVALID -> {
                lastSuccess = now;
                consecutiveFailures = 0;
                currentPolicyApplied = true;
            }
            case SYNC_FAILED -> {
                consecutiveFailures++;
                currentPolicyApplied = false;
            }
            case NO_VALID_CONFIG -> currentPolicyApplied = false;
        }
    }

    /** Liveness: the loop is alive (attempted within {@code staleAfter}) and not failing persistently. */
    boolean healthy(Duration staleAfter) {
        Instant attempt = lastAttempt;
        return attempt != null && !attempt.plus(staleAfter).isBefore(clock.instant()) && consecutiveFailures < maxFailures;
    }

    /** Readiness: a sync has succeeded and the last attempt left the current policy in force. */
    boolean ready() {
        return lastSuccess != null && currentPolicyApplied;
    }

    int consecutiveFailures() {
        return consecutiveFailures;
    }

    Optional<Instant> lastAttempt() {
        return Optional.ofNullable(lastAttempt);
    }

    Optional<Instant> lastSuccess() {
        return Optional.ofNullable(lastSuccess);
    }
}
