package masq.app.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class WakeableTimerTest {
    private final WakeableTimer wakeups = new WakeableTimer();

    @Test
    void theIntervalPassingIsAPeriodicWakeup() throws InterruptedException {
        assertTrue(wakeups.awaitNext(Duration.ofMillis(1)));
        assertEquals(Trigger.PERIODIC, wakeups.lastTrigger());
    }

    @Test
    void aWakeEndsAnHourLongWaitAndNamesItsCause() throws Exception {
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return wakeups.awaitNext(Duration.ofHours(1));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        wakeups.wake(Trigger.EXTERNAL_CHANGE);
        assertTrue(waiting.get(20, TimeUnit.SECONDS));
        assertEquals(Trigger.EXTERNAL_CHANGE, wakeups.lastTrigger());
    }

    @Test
    void wakesDuringASyncAreKeptAndCoalesced() throws InterruptedException {
        wakeups.wake(Trigger.EXTERNAL_CHANGE);
        wakeups.wake(Trigger.CONFIG_CHANGED);
        wakeups.wake(Trigger.CONFIG_CHANGED);
        assertTrue(wakeups.awaitNext(Duration.ofHours(1)));
        assertEquals(Trigger.CONFIG_CHANGED, wakeups.lastTrigger());
        assertTrue(wakeups.awaitNext(Duration.ofMillis(1)), "both were consumed by one iteration");
        assertEquals(Trigger.PERIODIC, wakeups.lastTrigger());
    }

    @Test
    void stopEndsWaitsAndPausesForGoodAndOutranksPendingWakes() throws InterruptedException {
        wakeups.wake(Trigger.CONFIG_CHANGED);
        wakeups.stop();
        assertFalse(wakeups.awaitNext(Duration.ofHours(1)));
        assertFalse(wakeups.pause(Duration.ofHours(1)));
        assertTrue(wakeups.stopped());
    }

    @Test
    void aPauseIsNotEndedByAWake() throws InterruptedException {
        wakeups.wake(Trigger.CONFIG_CHANGED);
        assertTrue(wakeups.pause(Duration.ofMillis(5)));
        assertTrue(wakeups.awaitNext(Duration.ofHours(1)), "the wake is still pending for the loop");
        assertEquals(Trigger.CONFIG_CHANGED, wakeups.lastTrigger());
    }
}
