package masq.e2e.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import masq.testlab.ImageAgent;
import masq.testlab.NetnsLab;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real signals, sent by PID to the image's agent ({@code run --backend=dryrun}) at several moments of its
 * start-up and in steady state (issue 11 item 9). Every wait is for a condition with a deadline: a log
 * line, or the signal masks in {@code /proc/PID/status}.
 */
@Timeout(300)
class SignalsIT {
    static final Path EXAMPLES = Path.of(System.getProperty("examples.dir", "../examples")).normalize();
    static final Duration DEADLINE = Duration.ofSeconds(60);
    static final int SIGINT = 2;
    static final int SIGUSR1 = 10;
    static final int SIGUSR2 = 12;

    @TempDir
    Path tmp;
    final List<ImageAgent> started = new ArrayList<>();

    @BeforeEach
    void image() {
        ImageAgent.requireImage();
    }

    @AfterEach
    void stop() {
        started.forEach(ImageAgent::close);
    }

    ImageAgent agent(String... extra) throws IOException {
        List<String> argv = new ArrayList<>(List.of("run", "--backend=dryrun",
                "--config-dir", EXAMPLES.resolve("config").toString(), "--lock-file", tmp.resolve("agent.lock").toString(),
                "--resync-interval=1h", "--health-bind-address=", "--metrics-bind-address=", "--v=4"));
        argv.addAll(List.of(extra));
        ImageAgent p = ImageAgent.launch(tmp).start(argv);
        started.add(p);
        return p;
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void waitFor(String what, BooleanSupplier condition) {
        NetnsLab.waitFor(DEADLINE, what, condition);
    }

    /** A signal mask line of /proc/PID/status (SigCgt: caught, SigIgn: ignored, ShdPnd: pending), as bits. */
    static BigInteger mask(long pid, String field) {
        String status = read(Path.of("/proc/" + (pid == 0 ? "self" : Long.toString(pid)) + "/status"));
        return status.lines().filter(l -> l.startsWith(field + ":")).findFirst()
                .map(l -> new BigInteger(l.substring(field.length() + 1).trim(), 16)).orElse(BigInteger.ZERO);
    }

    static boolean has(BigInteger mask, int signal) {
        return mask.testBit(signal - 1);
    }

    @Test
    void sigtermAsSoonAsTheHandlersAreInstalledExitsZero() throws Exception {
        ImageAgent p = agent();
        long spawned = System.nanoTime();
        // The JVM does not catch SIGUSR1 by itself: once it is caught, main's first statement has run.
        waitFor("SIGUSR1 caught", () -> !p.alive() || has(mask(p.pid(), "SigCgt"), SIGUSR1));
        long installed = System.nanoTime();
        p.signal("TERM");
        assertEquals(0, p.awaitExit(DEADLINE), p.log());
        assertFalse(p.log().contains("Exception"), p.log());
        System.out.printf("signal handlers installed %d ms after the launcher was started%n", (installed - spawned) / 1_000_000);
    }

    @Test
    void whileWaitingForTheLockSignalsChangeNothingAndSigtermEndsTheWaitWithZero() throws Exception {
        try (FileChannel channel = FileChannel.open(tmp.resolve("agent.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock held = channel.lock()) {
            ImageAgent p = agent();
            p.awaitLog("another agent holds the lock file", 1, DEADLINE);
            p.signal("USR1");
            p.signal("HUP");
            waitFor("SIGUSR1 and SIGHUP delivered", () -> !p.alive() || mask(p.pid(), "ShdPnd").signum() == 0);
            assertTrue(p.alive(), p.log());
            p.signal("TERM");
            assertEquals(0, p.awaitExit(DEADLINE), p.log());
            assertEquals(1, p.count("stopped while waiting for the lock file; nothing was changed"), p.log());
            assertEquals(0, p.count("dry-run: IPv4 rules that would be applied"), p.log());
        }
    }

    @Test
    void inSteadyStateHupAndUsr1SyncNowUsr2AndQuitChangeNothingTermExitsZero() throws Exception {
        ImageAgent p = agent();
        p.awaitLog("rules synced", 1, DEADLINE);
        p.signal("HUP");
        p.awaitLog("SIGHUP: syncing now", 1, DEADLINE);
        p.awaitLog("sync started (SIGNAL)", 1, DEADLINE);
        p.signal("USR1");
        p.awaitLog("SIGUSR1: syncing now", 1, DEADLINE);
        p.awaitLog("sync started (SIGNAL)", 2, DEADLINE);
        p.signal("USR2");
        waitFor("SIGUSR2 delivered", () -> !p.alive() || !has(mask(p.pid(), "ShdPnd"), SIGUSR2));
        p.signal("QUIT");
        waitFor("a thread dump on stdout", () -> !p.alive() || p.out().contains("Full thread dump"));
        assertTrue(p.alive(), "USR2 and QUIT leave the agent running:\n" + p.log());
        p.signal("TERM");
        assertEquals(0, p.awaitExit(DEADLINE), p.log());
        assertEquals(1, p.count("shutting down: finishing the current sync; rules stay in place"), p.log());
        assertEquals(1, p.count("sync loop stopped; rules stay in place"), p.log());
    }

    @Test
    void sigintStopsLikeSigtermUnlessThisProcessWasStartedIgnoringIt() throws Exception {
        ImageAgent p = agent();
        p.awaitLog("rules synced", 1, DEADLINE);
        p.signal("INT");
        if (has(mask(0, "SigIgn"), SIGINT)) {
            // Started from a background job (SIGINT ignored): the agent inherits that and keeps ignoring it.
            waitFor("SIGINT delivered", () -> !p.alive() || mask(p.pid(), "ShdPnd").signum() == 0);
            assertTrue(p.alive(), p.log());
            p.signal("TERM");
        }
        assertEquals(0, p.awaitExit(DEADLINE), p.log());
        assertEquals(1, p.count("sync loop stopped; rules stay in place"), p.log());
    }
}
