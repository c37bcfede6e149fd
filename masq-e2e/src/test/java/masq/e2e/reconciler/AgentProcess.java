package masq.e2e.reconciler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import masq.backend.testkit.NetnsLab;

/**
 * The jlinked agent ({@code bin/ip-masq-agent}) as a long-running child of the test, optionally inside a
 * network namespace ({@code ip netns exec} execs the launcher, which execs java: the PID is the JVM's).
 * Logs go to a file the test reads. {@link #close()} kills it by PID if it still runs.
 */
final class AgentProcess implements AutoCloseable {
    static final Path IMAGE = Path.of(System.getProperty("image.dir", "../masq-jlink/target/image"));
    static final Path LAUNCHER = IMAGE.resolve("bin/ip-masq-agent");

    private final Process process;
    private final Path log;

    private AgentProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        // If the test JVM is stopped before close(), the agent must not outlive it inside a namespace
        // whose name NetnsLab has already deleted: end it (only this process, by its handle) on exit.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }));
    }

    /**
     * Starts the agent.
     *
     * @param namespace network namespace, or null for the test's own (only with {@code --backend=dryrun})
     * @param env       extra environment (PATH, XTABLES_LOCKFILE)
     * @param log       where stdout and stderr go
     */
    static AgentProcess start(String namespace, Map<String, String> env, Path log, List<String> args) throws IOException {
        List<String> argv = new ArrayList<>();
        if (namespace != null) {
            argv.addAll(List.of("/usr/sbin/ip", "netns", "exec", namespace));
        }
        argv.add(LAUNCHER.toString());
        argv.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return new AgentProcess(pb.start(), log);
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Number of log lines containing the text. */
    long count(String text) {
        return log().lines().filter(l -> l.contains(text)).count();
    }

    /** Waits until at least {@code n} log lines contain the text (fails if the agent exits first). */
    void awaitLog(String text, long n, Duration timeout) {
        NetnsLab.waitFor(timeout, n + " x \"" + text + "\" in the agent's log:\n" + tail(), () -> {
            if (count(text) >= n) {
                return true;
            }
            if (!process.isAlive()) {
                throw new AssertionError("the agent exited (" + process.exitValue() + ") before logging \"" + text + "\":\n" + log());
            }
            return false;
        });
    }

    void awaitLog(String text) {
        awaitLog(text, 1, Duration.ofSeconds(60));
    }

    private String tail() {
        List<String> lines = log().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** Sends a signal ({@code TERM}, {@code USR1}, ...) to this PID with kill(1). */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -s " + name + " " + process.pid() + " failed:\n" + log());
        }
    }

    /** Waits for a command that ends by itself ({@code render}, {@code run --once}, ...) or was signalled; its status. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the agent did not exit within " + timeout + ":\n" + log());
        }
        return process.exitValue();
    }

    /** Sends SIGTERM and waits for the exit status. */
    int sigterm(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the agent did not exit within " + timeout + " of SIGTERM:\n" + log());
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
