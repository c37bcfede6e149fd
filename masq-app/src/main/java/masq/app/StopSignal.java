package masq.app;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The production {@link LoopTimer}: sleeps the interval unless {@link #stop()} is called (SIGTERM). */
final class StopSignal implements LoopTimer {
    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public boolean awaitNext(Duration interval) throws InterruptedException {
        return !stopped.await(interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Ends the loop at its next wait; an in-flight sync completes first. */
    void stop() {
        stopped.countDown();
    }
}
