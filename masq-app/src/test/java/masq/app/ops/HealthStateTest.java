package masq.app.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import masq.app.MovableClock;
import masq.app.sync.SyncOutcome;
import masq.app.sync.TestOutcomes;
import org.junit.jupiter.api.Test;

class HealthStateTest {
    private final MovableClock clock = new MovableClock();
    private final HealthState health = new HealthState(clock, 3);
    private static final Duration STALE = Duration.ofMinutes(3);

    private void finished(SyncOutcome outcome) {
        health.on(outcome);
    }

    @Test
    void neitherHealthyNorReadyBeforeTheFirstAttempt() {
        assertFalse(health.healthy(STALE));
        assertFalse(health.ready());
    }

    @Test
    void unhealthyAfterMaxConsecutiveFailuresHealthyAgainAfterASuccess() {
        finished(TestOutcomes.synced());
        finished(TestOutcomes.failed(1));
        finished(TestOutcomes.failed(2));
        assertTrue(health.healthy(STALE), "2 of 3 failures");
        assertFalse(health.ready(), "the current policy is not known to be in force");
        finished(TestOutcomes.failed(3));
        assertFalse(health.healthy(STALE));
        assertEquals(3, health.consecutiveFailures());
        finished(TestOutcomes.synced());
        assertTrue(health.healthy(STALE));
        assertTrue(health.ready());
    }

    @Test
    void anInvalidNewConfigKeepsTheAgentReadyBecauseTheLastGoodPolicyIsInForce() {
        finished(TestOutcomes.synced());
        finished(TestOutcomes.keptLastGood());
        assertTrue(health.ready());
        assertTrue(health.healthy(STALE));
    }

    @Test
    void noValidConfigAtStartIsLiveButNotReady() {
        finished(TestOutcomes.noValidConfig());
        assertTrue(health.healthy(STALE));
        assertFalse(health.ready());
    }

    @Test
    void aLoopThatStoppedAttemptingTurnsUnhealthy() {
        finished(TestOutcomes.synced());
        clock.now = clock.now.plus(STALE);
        assertTrue(health.healthy(STALE), "exactly at the limit");
        clock.now = clock.now.plusMillis(1);
        assertFalse(health.healthy(STALE));
        assertEquals(Optional.of(Instant.parse("2026-01-01T00:00:00Z")), health.lastSuccess());
    }
}
