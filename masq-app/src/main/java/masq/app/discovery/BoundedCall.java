package masq.app.discovery;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import masq.api.GoDuration;
import masq.app.platform.StartupException;

/**
 * Runs a plugin's code (its provider's constructor, {@code probe}, {@code create}) with a time bound, so a
 * plugin that hangs cannot hang the agent's start-up forever.
 *
 * <p>The call runs on a new platform thread started by the caller: it inherits the caller's network
 * namespace (a backend may open sockets or library contexts there) and ends when the call returns, so
 * nothing is left behind on success. On timeout the thread is interrupted and the caller gets a
 * {@link StartupException}; the command then fails (exit 1). Java cannot stop a thread that ignores
 * interrupts: such a thread is a daemon and ends with the process, which exits right after the error.
 */
final class BoundedCall {
    /** How long each plugin call may take: a constructor and probe do next to nothing, create reads a little. */
    static final Duration PLUGIN_BOUND = Duration.ofSeconds(10);

    private BoundedCall() {
    }

    /** The call, which may throw {@code E}. */
    @FunctionalInterface
    interface Body<T, E extends Exception> {
        T call() throws E;
    }

    /**
     * Runs {@code body} on its own thread and waits up to {@code bound}.
     *
     * @param what   names the call in the error, e.g. {@code "create of backend x (module m)"}
     * @param thrown the checked exception {@code body} may throw, passed on as it is
     * @throws StartupException when the call did not return within the bound
     */
    static <T, E extends Exception> T call(String what, Duration bound, Class<E> thrown, Body<T, E> body)
            throws E, StartupException {
        FutureTask<T> task = new FutureTask<>(body::call);
        Thread thread = Thread.ofPlatform().daemon().name("plugin-call").start(task);
        try {
            return task.get(bound.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            task.cancel(true); // interrupts the thread
            throw new StartupException(what + " did not return within " + GoDuration.format(bound) + "; giving up ("
                    + (ended(thread) ? "its thread ended when interrupted" : "its thread ignores interrupts and ends with the agent")
                    + ")");
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new StartupException(what + " was interrupted: the agent is stopping");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (thrown.isInstance(cause)) {
                throw thrown.cast(cause);
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** Whether an interrupted call's thread ends soon (it was in a sleep or wait, as most hangs are). */
    private static boolean ended(Thread thread) {
        try {
            return thread.join(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
