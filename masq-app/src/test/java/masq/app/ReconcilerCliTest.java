package masq.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import masq.app.command.Environment;
import masq.app.discovery.ConfigSources;
import masq.app.logging.CapturedLogs;
import masq.app.platform.Console;
import masq.app.platform.InstanceLock;
import masq.app.platform.SignalDispatch;
import masq.app.platform.Signals;
import masq.testlab.NetnsLab;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code run} in-process with the dry-run backend, as far as SIGTERM: the shutdown hooks are run by the test. */
@Timeout(120)
class ReconcilerCliTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path tmp;
    private CapturedLogs logs;

    @BeforeEach
    void captureLogs() {
        logs = new CapturedLogs("masq");
    }

    @AfterEach
    void releaseLogs() {
        logs.close();
    }

    /** One agent: the CLI on its own thread, its shutdown hooks collected instead of registered. */
    static final class Agent {
        final List<Runnable> hooks = new CopyOnWriteArrayList<>();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final CompletableFuture<Integer> exit;

        Agent(String... args) {
            this(null, args);
        }

        /** @param signals what the agent's signal handling is; null: collect the stop actions in {@link #hooks} */
        Agent(Signals signals, String... args) {
            Environment env = new Environment(new Console(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8)), TestCli.dryRunOnly(), ConfigSources.boot(),
                    (argv, stdin, timeout) -> {
                        throw new AssertionError("no command may run in these tests: " + argv);
                    }, (v, json) -> { }, signals != null ? signals : hooks::add, java.time.Clock.systemUTC());
            exit = CompletableFuture.supplyAsync(() -> new Dispatcher(env).run(List.of(args)), r -> Thread.ofPlatform().start(r));
        }

        /** What SIGTERM does: run the hooks (they wait for the loop to finish), then the command's status. */
        int sigterm() throws Exception {
            NetnsLab.waitFor(DEADLINE, "the shutdown hook", () -> !hooks.isEmpty());
            hooks.forEach(Runnable::run);
            return exit.get(20, TimeUnit.SECONDS);
        }
    }

    private long count(String text) {
        return logs.count(text);
    }

    private String[] args(String... extra) {
        List<String> all = new java.util.ArrayList<>(List.of("run", "--backend=dryrun", "--config-dir", TestCli.configDir("good"),
                "--lock-file", tmp.resolve("agent.lock").toString(), "--resync-interval=1h",
                // No HTTP endpoints: several agents share this JVM (and the default ports).
                "--health-bind-address=", "--metrics-bind-address="));
        all.addAll(List.of(extra));
        return all.toArray(String[]::new);
    }

    @Test
    void aSecondAgentWaitsForTheFirstAndTakesOverWhenItStops() throws Exception {
        Agent first = new Agent(args());
        NetnsLab.waitFor(DEADLINE, "the first agent's sync", () -> count("dry-run: IPv4 rules that would be applied") == 1);
        Agent second = new Agent(args());
        NetnsLab.waitFor(DEADLINE, "the second agent waiting", () -> count("another agent holds the lock file") == 1);
        assertEquals(1, count("dry-run: IPv4 rules that would be applied"), "the second has not synced");
        assertEquals(0, first.sigterm());
        NetnsLab.waitFor(DEADLINE, "the second agent's sync", () -> count("dry-run: IPv4 rules that would be applied") == 2);
        assertEquals(1, count("acquired: the other agent has gone; starting"));
        assertEquals(1, count("another agent holds the lock file"), "said once while waiting");
        assertEquals(0, second.sigterm());
        assertEquals(2, count("sync loop stopped; rules stay in place"));
    }

    @Test
    void sigtermWhileWaitingForTheLockEndsWithoutSyncing() throws Exception {
        Agent first = new Agent(args());
        NetnsLab.waitFor(DEADLINE, "the first agent's sync", () -> count("dry-run: IPv4 rules that would be applied") == 1);
        Agent second = new Agent(args());
        NetnsLab.waitFor(DEADLINE, "the second agent waiting", () -> count("another agent holds the lock file") == 1);
        assertEquals(0, second.sigterm());
        assertEquals(1, count("stopped while waiting for the lock file; nothing was changed"));
        assertEquals(0, first.sigterm());
    }

    @Test
    void aStopSignalDuringStartUpEndsTheAgentBeforeItChangesAnything() throws Exception {
        // The signal came before run registered its stop action: SignalDispatch runs the action at registration.
        SignalDispatch dispatch = new SignalDispatch(Duration.ofHours(1), status -> {
            throw new AssertionError("forced exit " + status);
        });
        dispatch.received("SIGTERM");
        Agent agent = new Agent(dispatch, args());
        assertEquals(0, agent.exit.get(20, TimeUnit.SECONDS));
        assertEquals(1, count("stopped before the first sync; nothing was changed"));
        assertEquals(0, count("dry-run: IPv4 rules that would be applied"), "no sync ran");
    }

    @Test
    void hupAndUsr1SyncNowAndTheLoopKeepsRunning() throws Exception {
        SignalDispatch dispatch = new SignalDispatch(Duration.ofHours(1), status -> {
            throw new AssertionError("forced exit " + status);
        });
        Agent agent = new Agent(dispatch, args("--v=4"));
        NetnsLab.waitFor(DEADLINE, "the first sync", () -> count("sync started (START)") == 1 && count("rules in sync") + count("rules synced") >= 1);
        dispatch.received("SIGHUP");
        NetnsLab.waitFor(DEADLINE, "a sync for SIGHUP", () -> count("sync started (SIGNAL)") == 1);
        assertEquals(1, count("SIGHUP: syncing now"));
        dispatch.received("SIGUSR1");
        NetnsLab.waitFor(DEADLINE, "a sync for SIGUSR1", () -> count("sync started (SIGNAL)") == 2);
        assertEquals(1, count("SIGUSR1: syncing now"));
        assertFalse(agent.exit.isDone(), "still running");
        dispatch.received("SIGTERM");
        assertEquals(0, agent.exit.get(20, TimeUnit.SECONDS));
        assertEquals(1, count("sync loop stopped; rules stay in place"));
    }

    @Test
    void cleanupOnExitRemovesTheRulesAfterTheLoopStops() throws Exception {
        Agent agent = new Agent(args("--cleanup-on-exit"));
        NetnsLab.waitFor(DEADLINE, "the sync", () -> count("dry-run: IPv4 rules that would be applied") == 1);
        assertEquals(0, agent.sigterm());
        assertEquals(1, count("dry-run: cleanup would remove every rule"));
        assertEquals(1, count("sync loop stopped; rules removed (--cleanup-on-exit)"));
    }

    @Test
    void anEmptyLockFileDisablesTheLock() throws Exception {
        Agent first = new Agent(args("--lock-file="));
        Agent second = new Agent(args("--lock-file="));
        NetnsLab.waitFor(DEADLINE, "both syncs", () -> count("dry-run: IPv4 rules that would be applied") == 2);
        assertEquals(0, count("another agent holds"));
        assertEquals(0, first.sigterm());
        assertEquals(0, second.sigterm());
    }

    @Test
    void onceTakesNoLockAndBadReconcilerFlagsAreUsageErrors() throws Exception {
        Path lock = tmp.resolve("agent.lock");
        try (InstanceLock held = InstanceLock.acquire(lock, d -> true).orElseThrow()) {
            // Were --once to take the lock, it would wait for this holder until the test times out.
            TestCli once = TestCli.run("run", "--backend=dryrun", "--once", "--config-dir", TestCli.configDir("good"),
                    "--lock-file", lock.toString());
            assertEquals(0, once.exitCode, once.err());
        }
        assertEquals(0, count("another agent holds"));
        TestCli bad = TestCli.run("run", "--backend=dryrun", "--max-sync-failures=0");
        assertEquals(2, bad.exitCode);
        assertTrue(bad.err().startsWith("Invalid --max-sync-failures flag \"0\": want a whole number, at least 1\n"), bad.err());
        TestCli notForRender = TestCli.run("render", "--backend=dryrun", "--lock-file=/tmp/x");
        assertEquals(2, notForRender.exitCode, notForRender.err());
    }
}
