package masq.app.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import masq.app.MovableClock;
import masq.app.ops.http.HttpRoutes;
import masq.app.sync.SyncOutcome;
import masq.app.sync.TestOutcomes;
import org.junit.jupiter.api.Test;

/** What /healthz and /readyz answer for each state of the loop (a settable clock, no waiting). */
class AgentRoutesTest {
    static final Instant T0 = Instant.parse("2026-01-02T03:00:00Z");
    static final Duration STALE = AgentRoutes.staleAfter(Duration.ofSeconds(60)); // 2 x 60 s + 10 s

    final MovableClock clock = new MovableClock(T0);
    final HealthState health = new HealthState(clock, 3);

    void sync(SyncOutcome outcome) {
        health.on(outcome);
    }

    String healthz() {
        HttpRoutes.Response r = AgentRoutes.healthz(health, STALE, T0, clock);
        return r.status() + " " + r.bodyText();
    }

    String readyz() {
        HttpRoutes.Response r = AgentRoutes.readyz(health);
        return r.status() + " " + r.bodyText();
    }

    @Test
    void staleAfterIsTwoIntervalsAndAMargin() {
        assertEquals(Duration.ofSeconds(130), STALE);
    }

    @Test
    void startingIsLiveButNotReadyUntilTheDeadline() {
        assertEquals("200 ok: starting, first sync in progress\n", healthz());
        assertEquals("503 not ready: no successful sync yet\n", readyz());
        clock.now = T0.plusSeconds(131);
        assertEquals("503 unhealthy: no sync attempted since start-up\n", healthz());
    }

    @Test
    void aRecentSuccessIsLiveAndReady() {
        sync(TestOutcomes.synced());
        assertEquals("200 ok\n", healthz());
        assertEquals("200 ok\n", readyz());
        clock.now = T0.plusSeconds(130);
        assertEquals("200 ok\n", healthz());
    }

    @Test
    void aStalledLoopIsUnhealthy() {
        sync(TestOutcomes.synced());
        clock.now = T0.plusSeconds(131);
        assertEquals("503 unhealthy: last sync attempt 2m11s ago (limit 2m10s), 0 failed syncs in a row\n", healthz());
    }

    @Test
    void anInvalidConfigStaysReadyOnTheLastGoodPolicy() {
        sync(TestOutcomes.synced());
        sync(TestOutcomes.keptLastGood());
        assertEquals("200 ok\n", readyz());
        assertEquals("200 ok\n", healthz());
    }

    @Test
    void failuresMakeItUnreadyAtOnceAndUnhealthyAfterTheLimit() {
        sync(TestOutcomes.synced());
        sync(TestOutcomes.failed(1));
        assertEquals("503 not ready: the last sync failed; the previous rules stay in force\n", readyz());
        sync(TestOutcomes.failed(2));
        assertEquals("200 ok\n", healthz());
        sync(TestOutcomes.failed(3));
        assertEquals("503 unhealthy: last sync attempt 0s ago (limit 2m10s), 3 failed syncs in a row\n", healthz());
        sync(TestOutcomes.synced());
        assertEquals("200 ok\n", healthz());
        assertEquals("200 ok\n", readyz());
    }
}
