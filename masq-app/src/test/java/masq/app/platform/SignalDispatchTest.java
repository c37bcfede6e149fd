package masq.app.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What each signal does once it reached the dispatch (the OS side is tested with real signals in SignalsIT). */
class SignalDispatchTest {
    final List<String> did = new CopyOnWriteArrayList<>();
    final CompletableFuture<Integer> exited = new CompletableFuture<>();

    SignalDispatch dispatch(Duration grace) {
        return new SignalDispatch(grace, exited::complete);
    }

    @Test
    void aStopSignalRunsTheStopActionsOnceAndNeverTheResyncs() {
        SignalDispatch d = dispatch(Duration.ofHours(1));
        d.onStop(() -> did.add("stop"));
        d.onResync(signal -> did.add("resync " + signal));
        d.received("SIGTERM");
        d.received("SIGINT");
        d.received("SIGTERM");
        assertEquals(List.of("stop"), did, "further stop signals change nothing");
    }

    @Test
    void aStopBeforeTheCommandRegisteredRunsItsActionAtRegistration() {
        SignalDispatch d = dispatch(Duration.ofHours(1));
        d.received("SIGINT");
        assertEquals(List.of(), did);
        d.onStop(() -> did.add("stop"));
        assertEquals(List.of("stop"), did, "a SIGTERM during start-up is not lost");
    }

    @Test
    void hupAndUsr1AskForASyncNamingTheSignalAndOthersAreIgnored() {
        SignalDispatch d = dispatch(Duration.ofHours(1));
        d.received("SIGHUP"); // no loop yet: nothing to do
        d.onResync(signal -> did.add("resync " + signal));
        d.onStop(() -> did.add("stop"));
        d.received("SIGHUP");
        d.received("SIGUSR1");
        d.received("SIGUSR2");
        assertEquals(List.of("resync SIGHUP", "resync SIGUSR1"), did);
        assertFalse(exited.isDone());
    }

    @Test
    void aCommandThatOutlivesTheGracePeriodIsEndedWith143() throws Exception {
        SignalDispatch d = dispatch(Duration.ofMillis(50));
        d.received("SIGTERM");
        assertEquals(143, exited.get(30, TimeUnit.SECONDS));
    }

    @Test
    void withoutAStopSignalNothingEnds() {
        SignalDispatch d = dispatch(Duration.ZERO);
        d.received("SIGUSR1");
        d.received("SIGHUP");
        assertFalse(exited.isDone(), "only a stop signal starts the grace period");
    }
}
