package masq.app.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import masq.app.logging.CapturedLogs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceLockTest {
    @TempDir
    Path tmp;
    private CapturedLogs logs;

    @BeforeEach
    void captureLogs() {
        logs = new CapturedLogs(InstanceLock.class.getName());
    }

    @AfterEach
    void releaseLogs() {
        logs.close();
    }

    private List<String> info() {
        return logs.list.stream().filter(e -> e.getLevel() == Level.INFO).map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void aFreeLockIsTakenAtOnceAndNamesItsHolder() throws Exception {
        Path file = tmp.resolve("agent.lock");
        try (InstanceLock lock = InstanceLock.acquire(file, d -> {
            throw new AssertionError("must not wait");
        }).orElseThrow()) {
            assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(file));
        }
        assertEquals(List.of(), info());
    }

    @Test
    void aSecondAgentWaitsSaysSoOnceAndProceedsWhenTheHolderReleases() throws Exception {
        Path file = tmp.resolve("agent.lock");
        InstanceLock first = InstanceLock.acquire(file, d -> true).orElseThrow();
        List<Duration> pauses = new ArrayList<>();
        Optional<InstanceLock> second = InstanceLock.acquire(file, d -> {
            pauses.add(d);
            if (pauses.size() == 3) {
                first.close(); // the old pod exits
            }
            return true;
        });
        assertTrue(second.isPresent());
        second.get().close();
        assertEquals(List.of(InstanceLock.POLL, InstanceLock.POLL, InstanceLock.POLL), pauses);
        assertEquals(List.of("another agent holds the lock file " + file + ": waiting for it to exit",
                "lock file " + file + " acquired: the other agent has gone; starting"), info());
    }

    @Test
    void stoppingWhileWaitingGivesUpWithoutTheLock() throws Exception {
        Path file = tmp.resolve("agent.lock");
        try (InstanceLock first = InstanceLock.acquire(file, d -> true).orElseThrow()) {
            assertEquals(Optional.empty(), InstanceLock.acquire(file, d -> false));
        }
        // Released by the holder: free again, and the given-up attempt left nothing behind.
        InstanceLock.acquire(file, d -> {
            throw new AssertionError("must not wait");
        }).orElseThrow().close();
    }

    @Test
    void aLockFileThatCannotBeCreatedIsAWarningAndTheAgentRunsWithoutIt() throws Exception {
        Path file = tmp.resolve("no-such-dir/agent.lock");
        try (InstanceLock none = InstanceLock.acquire(file, d -> {
            throw new AssertionError("must not wait");
        }).orElseThrow()) {
            assertTrue(Files.notExists(file));
        }
        List<String> warnings = logs.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(1, warnings.size());
        assertTrue(warnings.getFirst().startsWith("cannot open the lock file " + file + " ("), warnings.getFirst());
    }
}
