package masq.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import masq.api.spi.CommandRunner;

/**
 * The only place that starts processes: an argument list (never a shell), {@code LC_ALL=C} so error texts
 * can be classified, stdin written and stdout/stderr drained concurrently (a child blocked on a full pipe
 * would otherwise never exit), and a hard timeout that kills the child.
 */
final class ProcessCommandRunner implements CommandRunner {

    @Override
    public Result run(List<String> argv, String stdin, Duration timeout) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(List.copyOf(argv));
        builder.environment().put("LC_ALL", "C");
        Process process = builder.start();
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        CompletableFuture<Void> in = CompletableFuture.runAsync(() -> feed(process.getOutputStream(), stdin),
                Thread::startVirtualThread);
        try {
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                throw new InterruptedIOException(argv.getFirst() + " did not finish within " + timeout.toMillis()
                        + " ms and was killed");
            }
            in.get();
            return new Result(process.exitValue(), out.get(), err.get());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while running " + argv.getFirst());
        } catch (ExecutionException e) {
            throw e.getCause() instanceof UncheckedIOException u ? u.getCause()
                    : new IOException("failed to run " + argv.getFirst(), e.getCause());
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                stream.transferTo(buffer);
                return buffer.toString(StandardCharsets.UTF_8);
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
