package masq.app.sync;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * The production {@link LoopTimer}: sleeps the interval unless woken by a change ({@link #wake}: the config
 * watcher, the backend's external-change watch) or stopped ({@link #stop}: SIGTERM). Wakes that arrive
 * while a sync runs are remembered, so a change during an apply is never lost; several coalesce into one
 * iteration (the loop always loads the config as it is now).
 */
public final class WakeableTimer implements LoopTimer {
    private final Object lock = new Object();
    private final Set<Trigger> pending = EnumSet.noneOf(Trigger.class);
    private boolean stopped;
    private Trigger last = Trigger.PERIODIC;

    @Override
    public boolean awaitNext(Duration interval) throws InterruptedException {
        long deadline = System.nanoTime() + interval.toNanos();
        synchronized (lock) {
            while (!stopped && pending.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    last = Trigger.PERIODIC;
                    return true;
                }
                lock.wait(left / 1_000_000, (int) (left % 1_000_000));
            }
            if (stopped) {
                return false;
            }
            // A config change outranks an external change: both mean "sync now", the name is for logs and metrics.
            last = pending.contains(Trigger.CONFIG_CHANGED) ? Trigger.CONFIG_CHANGED : pending.iterator().next();
            pending.clear();
            return true;
        }
    }

    @Override
    public Trigger lastTrigger() {
        synchronized (lock) {
            return last;
        }
    }

    /** Asks for a sync as soon as the current one (if any) has finished. Any thread; never blocks. */
    public void wake(Trigger trigger) {
        synchronized (lock) {
            pending.add(trigger);
            lock.notifyAll();
        }
    }

    /** Ends the loop at its next wait; an in-flight sync completes first. */
    public void stop() {
        synchronized (lock) {
            stopped = true;
            lock.notifyAll();
        }
    }

    /**
     * Sleeps up to {@code d} unless stopped; for waits outside the loop (the instance lock).
     *
     * @return false when stopped
     */
    public boolean pause(Duration d) throws InterruptedException {
        long deadline = System.nanoTime() + d.toNanos();
        synchronized (lock) {
            while (!stopped) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                lock.wait(left / 1_000_000, (int) (left % 1_000_000));
            }
            return false;
        }
    }

    public boolean stopped() {
        synchronized (lock) {
            return stopped;
        }
    }
}
