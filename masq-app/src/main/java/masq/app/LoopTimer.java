package masq.app;

import java.time.Duration;

/**
 * Paces the sync loop. Production waits on a stop signal; tests count and stop. A file watcher (a later
 * reconciler) wakes it early by implementing {@link #awaitNext} differently, not by changing the loop.
 */
@FunctionalInterface
interface LoopTimer {
    /**
     * Waits up to {@code interval} before the next sync.
     *
     * @return false when the loop must stop (shutdown)
     */
    boolean awaitNext(Duration interval) throws InterruptedException;
}
