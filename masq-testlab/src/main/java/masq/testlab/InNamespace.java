package masq.testlab;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a task on a fresh platform thread that has joined a network namespace ({@code setns(2)}), then lets
 * the thread end: what the task reads under {@code /proc/thread-self/net} is that namespace's view, and
 * no thread of a shared pool ever changes namespace. For reads such as the legacy table names; sockets
 * that must outlive the call belong on {@link NetnsLab#executorIn}.
 */
public final class InNamespace {
    private InNamespace() {
    }

    /** The result of {@code task}, run inside {@code /run/netns/<namespace>}. */
    public static <T> T call(String namespace, Callable<T> task) throws IOException {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                Namespaces.enter(namespace);
                result.set(task.call());
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "in-netns-" + namespace);
        t.setDaemon(true);
        t.start();
        try {
            t.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading in " + namespace);
        }
        if (t.isAlive()) {
            throw new InterruptedIOException("task in " + namespace + " did not finish within 30 s");
        }
        Throwable e = failure.get();
        if (e instanceof IOException io) {
            throw io;
        }
        if (e != null) {
            throw new IllegalStateException("task in " + namespace + " failed", e);
        }
        return result.get();
    }

    /**
     * The legacy (xtables) tables that exist in the namespace, as its {@code /proc/thread-self/net/
     * ip_tables_names} ({@code ip6_tables_names} when {@code ipv6}) lists them; reading creates none.
     */
    public static List<String> legacyTables(String namespace, boolean ipv6) throws IOException {
        Path names = Path.of("/proc/thread-self/net", ipv6 ? "ip6_tables_names" : "ip_tables_names");
        return call(namespace, () -> {
            try {
                return Files.readAllLines(names).stream().map(String::strip).filter(s -> !s.isEmpty()).sorted().toList();
            } catch (NoSuchFileException e) {
                return List.of();
            }
        });
    }
}
