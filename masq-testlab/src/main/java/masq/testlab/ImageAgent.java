package masq.testlab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The jlinked image under test ({@code -Dimage.dir}, default {@code ../masq-jlink/target/image} from a module
 * of this build), started the way an operator or a DaemonSet starts it: {@code bin/ip-masq-agent} with
 * arguments, optionally inside a network namespace ({@code ip netns exec} execs the launcher, which execs
 * java: the PID is the JVM's, so signals and {@code /proc/PID} reach the agent itself) and behind a wrapper
 * command (e.g. {@code unshare --mount ...}). Standard output and standard error go to files of their own in
 * a directory the test owns. The one harness of every image test: a command that ends by itself
 * ({@link Launch#run}) or a long-running agent ({@link Launch#start}).
 *
 * <p>{@link #close()} kills the agent (and any tool it is running) by PID, never by name; a shutdown hook
 * does the same if the test JVM stops first, so no agent outlives its test inside a deleted namespace.
 */
public final class ImageAgent implements AutoCloseable {
    /** The image directory under test. */
    public static final Path IMAGE = Path.of(System.getProperty("image.dir", "../masq-jlink/target/image"))
            .toAbsolutePath().normalize();
    /** Its launcher. */
    public static final Path LAUNCHER = IMAGE.resolve("bin/ip-masq-agent");
    /** How long {@link Launch#run} waits for a command that ends by itself. */
    static final Duration RUN_LIMIT = Duration.ofSeconds(120);

    private final Process process;
    private final Path out;
    private final Path err;
    private final Thread safetyNet;

    private ImageAgent(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
        this.safetyNet = new Thread(this::kill);
        Runtime.getRuntime().addShutdownHook(safetyNet);
    }

    /** Fails the test (not skips it) when the image was not built: every image test needs it. */
    public static void requireImage() {
        if (!Files.isExecutable(LAUNCHER)) {
            throw new AssertionError("build the image first: " + LAUNCHER);
        }
    }

    /** A launch whose output files go to {@code work} (a directory the test owns, e.g. its {@code @TempDir}). */
    public static Launch launch(Path work) {
        return new Launch(work);
    }

    /** How to start the launcher: where, with what environment, behind which wrapper. */
    public static final class Launch {
        private final Path work;
        private final Map<String, String> env = new HashMap<>();
        private String namespace;
        private List<String> wrapper = List.of();

        private Launch(Path work) {
            this.work = work;
        }

        /** Inside this network namespace ({@code ip netns exec}); the default is the test's own. */
        public Launch inNamespace(String name) {
            this.namespace = name;
            return this;
        }

        /** Extra environment for the agent (e.g. {@link ToolShims#env()}, {@code XTABLES_LOCKFILE}). */
        public Launch env(Map<String, String> extra) {
            env.putAll(extra);
            return this;
        }

        /** A command that runs the launcher (its arguments follow): the launcher's path is appended to it. */
        public Launch wrappedIn(List<String> command) {
            this.wrapper = List.copyOf(command);
            return this;
        }

        /** Starts the agent and returns at once. */
        public ImageAgent start(List<String> args) throws IOException {
            List<String> argv = new ArrayList<>();
            if (namespace != null) {
                // ip from the test's PATH: the agent's environment may hold a PATH without it.
                argv.addAll(List.of(KernelTests.which("ip").toString(), "netns", "exec", namespace));
            }
            argv.addAll(wrapper);
            argv.add(LAUNCHER.toString());
            argv.addAll(args);
            Files.createDirectories(work);
            Path stdout = Files.createTempFile(work, "agent", ".out");
            Path stderr = Files.createTempFile(work, "agent", ".err");
            ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            pb.environment().putAll(env);
            return new ImageAgent(pb.start(), stdout, stderr);
        }

        public ImageAgent start(String... args) throws IOException {
            return start(List.of(args));
        }

        /** Runs a command that ends by itself ({@code check}, {@code render}, {@code run --once}, ...). */
        public Run run(List<String> args) throws IOException, InterruptedException {
            try (ImageAgent agent = start(args)) {
                int exit = agent.awaitExit(RUN_LIMIT);
                Run run = new Run(exit, agent.out(), agent.log());
                Files.delete(agent.out);
                Files.delete(agent.err);
                return run;
            }
        }

        public Run run(String... args) throws IOException, InterruptedException {
            return run(List.of(args));
        }
    }

    /**
     * A finished command.
     *
     * @param exit   its exit status
     * @param stdout what it wrote to standard output (command output)
     * @param stderr what it wrote to standard error (the logs)
     */
    public record Run(int exit, String stdout, String stderr) {
        /** Both streams, stdout first. */
        public String all() {
            return stdout + stderr;
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Everything the agent logged so far (standard error). */
    public String log() {
        return read(err);
    }

    /** Everything it wrote to standard output so far (command output; a JVM thread dump on SIGQUIT). */
    public String out() {
        return read(out);
    }

    /** Standard output, then standard error. */
    public String all() {
        return out() + log();
    }

    /** Number of log lines containing the text. */
    public long count(String text) {
        return log().lines().filter(l -> l.contains(text)).count();
    }

    /** Waits until at least {@code n} log lines contain the text; fails if the agent exits first. */
    public void awaitLog(String text, long n, Duration timeout) {
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

    /** At least one log line containing the text, within 60 s (a JVM start on a loaded 2-vCPU machine). */
    public void awaitLog(String text) {
        awaitLog(text, 1, Duration.ofSeconds(60));
    }

    private String tail() {
        List<String> lines = log().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    /** Sends a signal ({@code TERM}, {@code USR1}, ...) to this PID with kill(1). */
    public void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -s " + name + " " + process.pid() + " failed:\n" + log());
        }
    }

    /** Waits for the agent to end (by itself or after a signal); its exit status. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the agent did not exit within " + timeout + ":\n" + log());
        }
        return process.exitValue();
    }

    /** Sends SIGTERM and waits for the exit status. */
    public int sigterm(Duration timeout) throws InterruptedException {
        process.destroy();
        return awaitExit(timeout);
    }

    /** Kills the agent and what it runs if it still runs (the test is over: no graceful stop needed). */
    @Override
    public void close() {
        kill();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            Runtime.getRuntime().removeShutdownHook(safetyNet);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IllegalStateException shuttingDown) {
            // the hook is already running: it kills the same process
        }
    }

    private void kill() {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
