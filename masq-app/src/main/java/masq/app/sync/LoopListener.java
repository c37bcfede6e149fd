package masq.app.sync;

import java.util.List;

/**
 * Receives the sync loop's {@link LoopEvent}s. Called on the sync thread: implementations must return
 * quickly and be safe for readers on other threads (the HTTP endpoints).
 */
@FunctionalInterface
public interface LoopListener {
    /** Nobody listening. */
    LoopListener NONE = event -> { };

    void on(LoopEvent event);

    /** Several listeners as one, called in order. */
    static LoopListener all(List<LoopListener> listeners) {
        List<LoopListener> copy = List.copyOf(listeners);
        return event -> copy.forEach(l -> l.on(event));
    }
}
