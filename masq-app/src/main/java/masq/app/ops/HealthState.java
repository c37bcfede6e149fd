package masq.app.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import masq.api.GoDuration;
import masq.app.sync.LoopEvent;
import masq.app.sync.LoopListener;
import masq.app.sync.SyncOutcome;

/**
 * The agent's health as the sync loop reports it, readable from any thread.
 *
 * <p>Healthy (liveness): the loop attempted a sync recently (within {@code staleAfter}) and fewer than
 * {@code maxFailures} syncs in a row failed. Ready: a sync has put the rules in force, and so did the last
 * attempt ({@link SyncOutcome#rulesInForce()}: an invalid new config keeps the agent ready, the last good
 * policy is in force), and no iteration has been running for longer than {@link #MAX_SYNC_TIME} (a hung
 * {@code iptables-restore} leaves a new config unapplied, or drift unrepaired, for as long as it hangs:
 * docs/metrics.md). The failures in a row are the loop's count, as the last {@link SyncOutcome} carries it.
 */
public final class HealthState implements LoopListener {
    /**
     * How long one iteration (config load and backend sync) may run before readiness turns false: normal
     * syncs take milliseconds, a large restore behind a busy xtables lock seconds; the backends' command
     * timeout (60 s and more) is far too long to keep reporting ready on.
     */
    static final Duration MAX_SYNC_TIME = Duration.ofSeconds(10);

    private final Clock clock;
    private final int maxFailures;
    private final Duration maxSyncTime;

    private volatile Instant lastAttempt;
    private volatile Instant lastSuccess;
    /** The last outcome's failures in a row: counted by the loop, only remembered here. */
    private volatile int consecutiveFailures;
    private volatile boolean currentPolicyApplied;
    /** When the iteration now running started; null between iterations. */
    private volatile Instant runningSince;
    /** Whether the iteration now running is applying a valid config whose policy differs from the one in force. */
    private volatile boolean applyingNewPolicy;

    /**
     * @param clock       time source
     * @param maxFailures consecutive failed syncs after which the agent reports itself unhealthy
     */
    public HealthState(Clock clock, int maxFailures) {
        this(clock, maxFailures, MAX_SYNC_TIME);
    }

    /**
     * @param maxSyncTime how long an iteration may run before the agent reports itself not ready
     */
    public HealthState(Clock clock, int maxFailures, Duration maxSyncTime) {
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.maxSyncTime = maxSyncTime;
    }

    @Override
    public void on(LoopEvent event) {
        switch (event) {
            case LoopEvent.Started started -> {
                applyingNewPolicy = false;
                runningSince = clock.instant();
            }
            case LoopEvent.ConfigLoaded loaded -> applyingNewPolicy = loaded.valid() && loaded.policyChanged();
            case SyncOutcome outcome -> finished(outcome);
        }
    }

    private void finished(SyncOutcome outcome) {
        Instant now = clock.instant();
        runningSince = null;
        applyingNewPolicy = false;
        lastAttempt = now;
        consecutiveFailures = outcome.consecutiveFailures();
        currentPolicyApplied = outcome.rulesInForce();
        if (outcome.rulesInForce()) {
            lastSuccess = now;
        }
    }

    /** Liveness: the loop is alive (attempted within {@code staleAfter}) and not failing persistently. */
    public boolean healthy(Duration staleAfter) {
        Instant attempt = lastAttempt;
        return attempt != null && !attempt.plus(staleAfter).isBefore(clock.instant()) && consecutiveFailures < maxFailures;
    }

    /** Readiness: see {@link #notReady()}. */
    public boolean ready() {
        return notReady().isEmpty();
    }

    /**
     * Why the agent is not ready, or empty when it is: a sync has succeeded, the last attempt left the
     * current policy in force, and no iteration has been running longer than the limit.
     */
    Optional<String> notReady() {
        Instant since = runningSince;
        boolean newPolicy = applyingNewPolicy;
        if (lastSuccess == null) {
            return Optional.of("no successful sync yet");
        }
        if (!currentPolicyApplied) {
            return Optional.of("the last sync failed; the previous rules stay in force");
        }
        if (since != null) {
            Duration running = Duration.between(since, clock.instant());
            if (running.compareTo(maxSyncTime) > 0) {
                return Optional.of("a sync has been running for " + GoDuration.format(running.withNanos(0)) + " (limit "
                        + GoDuration.format(maxSyncTime) + "); " + (newPolicy
                        ? "the new config is not applied yet, the previous rules stay in force"
                        : "the rules in force are not confirmed"));
            }
        }
        return Optional.empty();
    }

    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    Optional<Instant> lastAttempt() {
        return Optional.ofNullable(lastAttempt);
    }

    Optional<Instant> lastSuccess() {
        return Optional.ofNullable(lastSuccess);
    }
}
