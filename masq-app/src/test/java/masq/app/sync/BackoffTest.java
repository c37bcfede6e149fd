package masq.app.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesFromTheFirstDelayUpToTheCap() {
        Backoff b = new Backoff(Duration.ofSeconds(1));
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            b.failed();
            delays.add(b.delay(Duration.ofMinutes(1)));
        }
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8),
                Duration.ofSeconds(16), Duration.ofSeconds(32), Duration.ofSeconds(60), Duration.ofSeconds(60),
                Duration.ofSeconds(60)), delays);
        assertEquals(9, b.consecutiveFailures());
    }

    @Test
    void aSuccessResetsAndReportsHowManyFailuresItEnded() {
        Backoff b = new Backoff(Duration.ofSeconds(1));
        b.failed();
        b.failed();
        assertEquals(2, b.succeeded());
        assertEquals(0, b.consecutiveFailures());
        b.failed();
        assertEquals(Duration.ofSeconds(1), b.delay(Duration.ofMinutes(1)));
        assertEquals(1, b.succeeded());
        assertEquals(0, b.succeeded());
    }

    @Test
    void neverExceedsACapSmallerThanTheFirstDelayAndSurvivesManyFailures() {
        Backoff b = new Backoff(Duration.ofSeconds(1));
        for (int i = 0; i < 100_000; i++) {
            b.failed();
        }
        assertEquals(Duration.ofMillis(500), b.delay(Duration.ofMillis(500)));
        assertEquals(Duration.ofHours(1), b.delay(Duration.ofHours(1)));
    }

    @Test
    void rejectsANonPositiveFirstDelay() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO));
    }
}
