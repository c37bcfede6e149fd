package masq.app.platform;

import java.util.function.Consumer;
import masq.app.Main;

/**
 * What a command may ask of the process's signals (docs/reconciler.md "Signals"). Production:
 * {@link SignalDispatch}, installed before anything else in {@link Main}; tests collect the actions and run
 * them themselves.
 */
@FunctionalInterface
public interface Signals {
    /**
     * Runs {@code stop} on SIGTERM or SIGINT, at once if one has arrived already. It runs on a signal
     * thread and must not block: it asks the command to end, the command's own thread ends it.
     */
    void onStop(Runnable stop);

    /**
     * Runs {@code resync} (given the signal's name, e.g. {@code SIGHUP}) on SIGHUP or SIGUSR1. Must not block.
     * Without one, those signals are ignored.
     */
    default void onResync(Consumer<String> resync) {
    }
}
