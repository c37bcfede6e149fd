package masq.testlab;

import java.io.ByteArrayOutputStream;
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
import java.util.concurrent.TimeUnit;
import masq.api.spi.CommandRunner;

/**
 * A {@link CommandRunner} for tests: runs argv, optionally inside a network namespace through
 * {@code ip netns exec}, with {@code LC_ALL=C}. Test support only; the agent has its own runner.
 */
public final class LabCommands implements CommandRunner {
    private final String namespace;

    private LabCommands(String namespace) {
        this.namespace = namespace;
    }

    /** Runs commands in the test's own namespace (use only for read-only or namespace-creating commands). */
    public static LabCommands host() {
        return new LabCommands(null);
    }

    /** Runs every command inside {@code namespace}. */
    public static LabCommands in(String namespace) {
        return new LabCommands(namespace);
    }

    @Override
    public Result run(List<String> argv, String stdin, Duration timeout) throws IOException {
        List<String> full = new ArrayList<>();
        if (namespace != null) {
            full.addAll(List.of("ip", "netns", "exec", namespace));
        }
        full.addAll(argv);
        ProcessBuilder pb = new ProcessBuilder(full);
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        CompletableFuture<byte[]> out = drain(p.getInputStream());
        CompletableFuture<byte[]> err = drain(p.getErrorStream());
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException ignored) {
            // the child may exit without reading its input; its exit code tells what happened
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new InterruptedIOException("timed out after " + timeout + ": " + full);
            }
            return new Result(p.exitValue(), new String(out.join(), StandardCharsets.UTF_8),
                    new String(err.join(), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted: " + full);
        }
    }

    /** Runs and fails the test on a non-zero exit, returning stdout. */
    public String check(String... argv) {
        try {
            Result r = run(List.of(argv), "", Duration.ofSeconds(30));
            if (!r.ok()) {
                throw new IllegalStateException(String.join(" ", argv) + " failed (" + r.exitCode() + "): " + r.stderr());
            }
            return r.stdout();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CompletableFuture<byte[]> drain(InputStream s) {
        return CompletableFuture.supplyAsync(() -> {
            try (s; ByteArrayOutputStream b = new ByteArrayOutputStream()) {
                s.transferTo(b);
                return b.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, Thread::startVirtualThread);
    }
}
