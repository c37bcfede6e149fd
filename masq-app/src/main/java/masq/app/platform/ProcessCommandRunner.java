package masq.app.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import masq.api.spi.CommandRunner;

/**
 * The only place that starts processes: an argument list (never a shell), {@code LC_ALL=C} so error texts
 * can be classified, stdin written and stdout/stderr drained concurrently (a child blocked on a full pipe
 * would otherwise never exit), and a hard timeout that kills the child.
 *
 * <p>What is kept of a child's output is bounded: a child that writes more than {@link #STDOUT_LIMIT} to
 * stdout or {@link #STDERR_LIMIT} to stderr (a runaway or endless writer) is killed at once and reported
 * with {@link OutputLimitException}, instead of filling the agent's heap (the image runs with
 * {@code -Xmx64m}) until it fails in some unrelated place.
 */
public final class ProcessCommandRunner implements CommandRunner {
    /**
     * 16 MiB: {@code iptables-save -t nat} of about 100 000 kube-proxy-sized rules (~160 bytes a rule with
     * its chain line); a table of that size was measured to be read and planned within the image's
     * {@code -Xmx64m} (docs/iptables.md). Larger tables fail cleanly instead of exhausting the heap.
     */
    static final int STDOUT_LIMIT = 16 * 1024 * 1024;
    /** 1 MiB: standard error only ever carries messages. */
    static final int STDERR_LIMIT = 1024 * 1024;
    /** Read size: {@code readNBytes} fills a chunk completely unless the stream ends. */
    private static final int CHUNK = 64 * 1024;

    private final int stdoutLimit;
    private final int stderrLimit;

    public ProcessCommandRunner() {
        this(STDOUT_LIMIT, STDERR_LIMIT);
    }

    public ProcessCommandRunner(int stdoutLimit, int stderrLimit) {
        this.stdoutLimit = stdoutLimit;
        this.stderrLimit = stderrLimit;
    }

    @Override
    public Result run(List<String> argv, String stdin, Duration timeout) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(List.copyOf(argv));
        builder.environment().put("LC_ALL", "C");
        long deadline = System.nanoTime() + timeout.toNanos();
        Process process = builder.start();
        String program = argv.getFirst();
        CompletableFuture<String> out = drain(process, program, process.getInputStream(), "stdout", stdoutLimit);
        CompletableFuture<String> err = drain(process, program, process.getErrorStream(), "stderr", stderrLimit);
        CompletableFuture<Void> in = CompletableFuture.runAsync(() -> feed(process.getOutputStream(), stdin),
                Thread::startVirtualThread);
        try {
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                throw new InterruptedIOException(program + " did not finish within " + timeout.toMillis()
                        + " ms and was killed");
            }
            // A child killed for writing too much exits by SIGKILL: say why, not "exit 137".
            String stdout = await(out, deadline, program);
            String stderr = await(err, deadline, program);
            in.get();
            return new Result(process.exitValue(), stdout, stderr);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while running " + program);
        } catch (ExecutionException e) {
            throw rethrow(program, e);
        }
    }

    /**
     * The drained text; waits at most until the deadline, since a grandchild that inherited the pipe could
     * keep it open after the child exited.
     */
    private static String await(CompletableFuture<String> output, long deadline, String program)
            throws InterruptedException, ExecutionException, InterruptedIOException {
        try {
            return output.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new InterruptedIOException(program + " exited but its output did not end in time");
        }
    }

    private static IOException rethrow(String program, ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof UncheckedIOException u) {
            return u.getCause();
        }
        if (cause instanceof Error error) {
            throw error; // e.g. OutOfMemoryError: never disguise it as a tool that could not be run
        }
        return new IOException("failed to run " + program, cause);
    }

    /**
     * Reads a stream to its end, keeping at most {@code limit} bytes; beyond that kills the process. The
     * bytes are kept in fixed chunks and copied once into an array of the exact size: a growing buffer
     * would hold its old and new array (up to three times the output) at the moment it doubles.
     */
    private static CompletableFuture<String> drain(Process process, String program, InputStream stream, String name,
                                                   int limit) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                List<byte[]> chunks = new ArrayList<>();
                int total = 0;
                while (true) {
                    byte[] chunk = stream.readNBytes(CHUNK);
                    if (chunk.length > limit - total) {
                        process.destroyForcibly();
                        throw new OutputLimitException(program, name, limit);
                    }
                    if (chunk.length == 0) {
                        break;
                    }
                    chunks.add(chunk);
                    total += chunk.length;
                }
                byte[] all = new byte[total];
                int at = 0;
                for (byte[] chunk : chunks) {
                    System.arraycopy(chunk, 0, all, at, chunk.length);
                    at += chunk.length;
                }
                chunks.clear();
                return new String(all, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, Thread::startVirtualThread);
    }

    private static void feed(OutputStream stream, String stdin) {
        try (stream) {
            stream.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The child may exit without reading its input (e.g. a usage error): its exit code tells the story.
        }
    }
}
