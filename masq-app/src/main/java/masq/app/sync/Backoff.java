package masq.app.sync;

import java.time.Duration;

/**
 * Retry delays after failed syncs: {@code initial}, doubling, capped at the resync interval; reset by a
 * success. Counts consecutive failures (for health and for logging the moment the agent turns unhealthy).
 * Pure state, no clock: the loop's timer does the waiting.
 */
public final class Backoff {
    private final Duration initial;
    private int failures;

    public Backoff(Duration initial) {
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial backoff must be positive: " + initial);
        }
        this.initial = initial;
    }

    /** Records a failed sync. */
    void failed() {
        failures++;
    }

    /** How long to wait before the next retry, never more than {@code cap}: {@code initial * 2^(failures-1)}. */
    Duration delay(Duration cap) {
        // 2^(failures-1) * initial, computed without overflow: stop doubling once past the cap.
        Duration d = initial;
        for (int i = 1; i < failures && d.compareTo(cap) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(cap) > 0 ? cap : d;
    }

    /** Records a success; returns how many failures in a row it ends. */
    int succeeded() {
        int ended = failures;
        failures = 0;
        return ended;
    }

    int consecutiveFailures() {
        return failures;
    }
}
