package masq.app.sync;

import java.time.Duration;

/**
 * Paces the sync loop. Production waits on {@link WakeableTimer} (interval, file watcher, backend watch, SIGTERM);
 * tests count and stop.
 */
@FunctionalInterface
public interface LoopTimer {
    /**
     * Waits up to {@code interval} before the next sync; may return early when something changed.
     *
     * @return false when the loop must stop (shutdown)
     */
    boolean awaitNext(Duration interval) throws InterruptedException;

    /** Why the last {@link #awaitNext} returned true: the interval passed unless the timer knows better. */
    default Trigger lastTrigger() {
        return Trigger.PERIODIC;
    }
}
