package masq.e2e.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The jlinked agent running inside a network namespace ({@code ip netns exec NS launcher ...}): ip and the
 * launcher both exec, so the process started is the JVM itself, and {@link #close()} stops exactly it
 * (SIGTERM, then SIGKILL after 15 s), by its PID, never by name.
 */
final class RunningAgent implements AutoCloseable {
    static final Path IMAGE = Path.of(System.getProperty("image.dir", "../masq-jlink/target/image"));
    static final Path LAUNCHER = IMAGE.resolve("bin/ip-masq-agent");

    private final Process process;
    private final Path stderr;

    private RunningAgent(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        // If the test JVM is stopped before close(), the agent must not outlive it inside a namespace
        // whose name NetnsLab has already deleted: end it (only this process, by its handle) on exit.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }));
    }

    /**
     * @param env extra environment for the agent (e.g. a PATH with a failing iptables-restore in front)
     */
    static RunningAgent start(String namespace, Path work, Map<String, String> env, List<String> args) throws IOException {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", namespace, LAUNCHER.toString()));
        argv.addAll(args);
        Path err = Files.createTempFile(work, "agent", ".log");
        ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
        pb.environment().putAll(env);
        return new RunningAgent(pb.start(), err);
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Everything the agent logged so far (stderr). */
    String log() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM to this PID
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(15, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
