package masq.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import masq.api.spi.BackendException;
import org.junit.jupiter.api.Test;

class HealthStateTest {
    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovableClock clock = new MovableClock();
    private final HealthState health = new HealthState(clock, 3);
    private static final Duration STALE = Duration.ofMinutes(3);

    private void finished(SyncLoop.Outcome outcome) {
        health.syncFinished(outcome, Duration.ZERO, Optional.empty(), Optional.empty(),
                outcome == SyncLoop.Outcome.SYNC_FAILED
                        ? Optional.of(new BackendException(BackendException.Reason.UNAVAILABLE, "failed to read")) : Optional.empty());
    }

    @Test
    void neitherHealthyNorReadyBeforeTheFirstAttempt() {
        assertFalse(health.healthy(STALE));
        assertFalse(health.ready());
    }

    @Test
    void unhealthyAfterMaxConsecutiveFailuresHealthyAgainAfterASuccess() {
        finished(SyncLoop.Outcome.SYNCED);
        finished(SyncLoop.Outcome.SYNC_FAILED);
        finished(SyncLoop.Outcome.SYNC_FAILED);
        assertTrue(health.healthy(STALE), "2 of 3 failures");
        assertFalse(health.ready(), "the current policy is not known to be in force");
        finished(SyncLoop.Outcome.SYNC_FAILED);
        assertFalse(health.healthy(STALE));
        assertEquals(3, health.consecutiveFailures());
        finished(SyncLoop.Outcome.SYNCED);
        assertTrue(health.healthy(STALE));
        assertTrue(health.ready());
    }

    @Test
    void anInvalidNewConfigKeepsTheAgentReadyBecauseTheLastGoodPolicyIsInForce() {
        finished(SyncLoop.Outcome.SYNCED);
        finished(SyncLoop.Outcome.CONFIG_INVALID);
        assertTrue(health.ready());
        assertTrue(health.healthy(STALE));
    }

    @Test
    void noValidConfigAtStartIsLiveButNotReady() {
        finished(SyncLoop.Outcome.NO_VALID_CONFIG);
        assertTrue(health.healthy(STALE));
        assertFalse(health.ready());
    }

    @Test
    void aLoopThatStoppedAttemptingTurnsUnhealthy() {
        finished(SyncLoop.Outcome.SYNCED);
        clock.now = clock.now.plus(STALE);
        assertTrue(health.healthy(STALE), "exactly at the limit");
        clock.now = clock.now.plusMillis(1);
        assertFalse(health.healthy(STALE));
        assertEquals(Optional.of(Instant.parse("2026-01-01T00:00:00Z")), health.lastSuccess());
    }
}
