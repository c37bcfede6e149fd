package masq.jlink;

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
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
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
    static final Path IMAGE = Path.of(System.getProperty("image.dir", "target/image"));
    static final Path EXAMPLES = Path.of(System.getProperty("examples.dir", "../examples")).normalize();
    static final Duration DEADLINE = Duration.ofSeconds(60);
    static final int SIGINT = 2;
    static final int SIGUSR1 = 10;
    static final int SIGUSR2 = 12;

    @TempDir
    Path tmp;
    final List<Process> started = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : started) {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    Process agent(String... extra) throws IOException {
        List<String> argv = new ArrayList<>(List.of(IMAGE.resolve("bin/ip-masq-agent").toString(), "run", "--backend=dryrun",
                "--config-dir", EXAMPLES.resolve("config").toString(), "--lock-file", tmp.resolve("agent.lock").toString(),
                "--resync-interval=1h", "--health-bind-address=", "--metrics-bind-address=", "--v=4"));
        argv.addAll(List.of(extra));
        Process p = new ProcessBuilder(argv).redirectOutput(tmp.resolve("out").toFile()).redirectError(tmp.resolve("err").toFile()).start();
        started.add(p);
        return p;
    }

    String log() {
        return read(tmp.resolve("err"));
    }

    String out() {
        return read(tmp.resolve("out"));
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long count(String text) {
        return log().lines().filter(l -> l.contains(text)).count();
    }

    static void kill(Process p, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(p.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -s " + signal);
    }

    static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + DEADLINE + ": " + what);
            }
            Thread.sleep(10);
        }
    }

    void awaitLog(Process p, String text, long n) throws InterruptedException {
        waitFor(n + " x \"" + text + "\" in the log:\n" + log(), () -> {
            assertTrue(p.isAlive() || count(text) >= n, () -> "the agent exited (" + p.exitValue() + "):\n" + log());
            return count(text) >= n;
        });
    }

    int exitCode(Process p) throws InterruptedException {
        assertTrue(p.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS), "the agent did not exit:\n" + log());
        return p.exitValue();
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
        Process p = agent();
        long spawned = System.nanoTime();
        // The JVM does not catch SIGUSR1 by itself: once it is caught, main's first statement has run.
        waitFor("SIGUSR1 caught", () -> !p.isAlive() || has(mask(p.pid(), "SigCgt"), SIGUSR1));
        long installed = System.nanoTime();
        kill(p, "TERM");
        assertEquals(0, exitCode(p), log());
        assertFalse(log().contains("Exception"), log());
        System.out.printf("signal handlers installed %d ms after the launcher was started%n", (installed - spawned) / 1_000_000);
    }

    @Test
    void whileWaitingForTheLockSignalsChangeNothingAndSigtermEndsTheWaitWithZero() throws Exception {
        try (FileChannel channel = FileChannel.open(tmp.resolve("agent.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock held = channel.lock()) {
            Process p = agent();
            awaitLog(p, "another agent holds the lock file", 1);
            kill(p, "USR1");
            kill(p, "HUP");
            waitFor("SIGUSR1 and SIGHUP delivered", () -> !p.isAlive() || mask(p.pid(), "ShdPnd").signum() == 0);
            assertTrue(p.isAlive(), log());
            kill(p, "TERM");
            assertEquals(0, exitCode(p), log());
            assertEquals(1, count("stopped while waiting for the lock file; nothing was changed"), log());
            assertEquals(0, count("dry-run: IPv4 rules that would be applied"), log());
        }
    }

    @Test
    void inSteadyStateHupAndUsr1SyncNowUsr2AndQuitChangeNothingTermExitsZero() throws Exception {
        Process p = agent();
        awaitLog(p, "rules synced", 1);
        kill(p, "HUP");
        awaitLog(p, "SIGHUP: syncing now", 1);
        awaitLog(p, "sync started (SIGNAL)", 1);
        kill(p, "USR1");
        awaitLog(p, "SIGUSR1: syncing now", 1);
        awaitLog(p, "sync started (SIGNAL)", 2);
        kill(p, "USR2");
        waitFor("SIGUSR2 delivered", () -> !p.isAlive() || !has(mask(p.pid(), "ShdPnd"), SIGUSR2));
        kill(p, "QUIT");
        waitFor("a thread dump on stdout", () -> !p.isAlive() || out().contains("Full thread dump"));
        assertTrue(p.isAlive(), "USR2 and QUIT leave the agent running:\n" + log());
        kill(p, "TERM");
        assertEquals(0, exitCode(p), log());
        assertEquals(1, count("shutting down: finishing the current sync; rules stay in place"), log());
        assertEquals(1, count("sync loop stopped; rules stay in place"), log());
    }

    @Test
    void sigintStopsLikeSigtermUnlessThisProcessWasStartedIgnoringIt() throws Exception {
        Process p = agent();
        awaitLog(p, "rules synced", 1);
        kill(p, "INT");
        if (has(mask(0, "SigIgn"), SIGINT)) {
            // Started from a background job (SIGINT ignored): the agent inherits that and keeps ignoring it.
            waitFor("SIGINT delivered", () -> !p.isAlive() || mask(p.pid(), "ShdPnd").signum() == 0);
            assertTrue(p.isAlive(), log());
            kill(p, "TERM");
        }
        assertEquals(0, exitCode(p), log());
        assertEquals(1, count("sync loop stopped; rules stay in place"), log());
    }
}
