package masq.app.sync;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the config directory (inotify, through the JDK's {@link WatchService}) and calls
 * {@code onChange} once per burst of relevant changes.
 *
 * <p>kubelet updates a ConfigMap volume by writing a new {@code ..<timestamp>/} directory, creating a
 * {@code ..data_tmp} symlink to it and renaming that over {@code ..data} (one atomic {@code rename(2)}),
 * then adding or removing the {@code KEY -> ..data/KEY} symlinks and deleting the old directory. The rename
 * of {@code ..data} is the commit point: it is answered at once when the directory is then complete (every key
 * linked, see {@link #complete}), else after a very short quiet period ({@code commitQuiet}, which gathers the
 * symlink changes kubelet makes right after it); other dot-entries
 * ({@code ..data_tmp}, {@code ..<timestamp>}) are ignored, since the config source skips them anyway. Any
 * other entry (a plain file edited in place) is answered after {@code quiet} without further events,
 * and at most {@code maxDelay} after the first event of a burst.
 *
 * <p>The parent directory is watched too, so a config directory that is created, deleted or replaced later
 * is noticed at once (and re-watched). If even the parent does not exist, its existence is polled every
 * {@code pollMissing}; the periodic resync would pick the config up anyway.
 */
public final class ConfigWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);
    /** The entry kubelet's atomic writer renames last: a complete new version is visible. */
    static final String DATA = "..data";

    private final Path dir;
    private final Path parent;
    private final Runnable onChange;
    private final Timing timing;
    private final WatchService service;
    private final Thread thread;
    private WatchKey dirKey;
    private WatchKey parentKey;

    /**
     * @param quiet       wait for this long without events before reloading after an ordinary change
     * @param commitQuiet the same after kubelet's {@code ..data} rename
     * @param maxDelay    reload at most this long after the first event of a burst, even if events go on
     * @param pollMissing how often to look for a parent directory that does not exist
     */
    public record Timing(Duration quiet, Duration commitQuiet, Duration maxDelay, Duration pollMissing) {
        public static final Timing DEFAULT = new Timing(Duration.ofMillis(100), Duration.ofMillis(10), Duration.ofSeconds(1),
                Duration.ofSeconds(1));
    }

    private ConfigWatcher(Path dir, Runnable onChange, Timing timing) throws IOException {
        this.dir = dir.toAbsolutePath().normalize();
        this.parent = this.dir.getParent();
        this.onChange = onChange;
        this.timing = timing;
        this.service = this.dir.getFileSystem().newWatchService();
        this.thread = Thread.ofPlatform().daemon().name("config-watcher").unstarted(this::loop);
    }

    /** Registers the watches (before returning, so no change after this call is missed) and starts the thread. */
    public static ConfigWatcher start(Path dir, Runnable onChange, Timing timing) throws IOException {
        ConfigWatcher w = new ConfigWatcher(dir, onChange, timing);
        w.register();
        LOG.info("watching config directory {}{}", w.dir, w.dirKey == null ? " (does not exist yet)" : "");
        w.thread.start();
        return w;
    }

    /** (Re-)registers what exists; returns true when the config directory became watched just now. */
    private boolean register() {
        if (parent != null && (parentKey == null || !parentKey.isValid()) && Files.isDirectory(parent)) {
            parentKey = tryRegister(parent);
        }
        if ((dirKey == null || !dirKey.isValid()) && Files.isDirectory(dir)) {
            dirKey = tryRegister(dir);
            return dirKey != null;
        }
        return false;
    }

    private WatchKey tryRegister(Path p) {
        try {
            return p.register(service, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
        } catch (IOException e) {
            // Raced with a deletion, or not a directory any more: the parent's watch or the poll retries.
            LOG.debug("cannot watch {}: {}", p, e.toString());
            return null;
        }
    }

    private void loop() {
        try {
            while (true) {
                WatchKey key = allWatched() ? service.take() : service.poll(timing.pollMissing().toMillis(), TimeUnit.MILLISECONDS);
                Relevance r = key == null ? Relevance.NONE : drain(key);
                if (register()) {
                    LOG.info("config directory {} appeared: watching it", dir);
                    r = r.max(Relevance.CHANGE);
                }
                if (r != Relevance.NONE) {
                    debounce(r);
                    LOG.debug("config directory changed: reloading");
                    onChange.run();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // close(): the agent is stopping
        }
    }

    private boolean allWatched() {
        return dirKey != null && dirKey.isValid() && (parent == null || parentKey != null && parentKey.isValid());
    }

    /** Collects events until none comes for the quiet period (short after a {@code ..data} swap), bounded. */
    private void debounce(Relevance first) throws InterruptedException {
        long deadline = System.nanoTime() + timing.maxDelay().toNanos();
        Relevance seen = first;
        while (true) {
            if (seen == Relevance.COMMIT && complete(dir)) {
                return;
            }
            long quiet = (seen == Relevance.COMMIT ? timing.commitQuiet() : timing.quiet()).toNanos();
            long wait = Math.min(quiet, deadline - System.nanoTime());
            if (wait <= 0) {
                return;
            }
            WatchKey key = service.poll(wait, TimeUnit.NANOSECONDS);
            if (key == null) {
                return;
            }
            Relevance r = drain(key);
            if (register()) {
                r = r.max(Relevance.CHANGE);
            }
            // A kubelet commit stays a commit: its follow-up symlink changes must not stretch the wait to `quiet`.
            seen = seen == Relevance.COMMIT || r == Relevance.COMMIT ? Relevance.COMMIT : seen.max(r);
        }
    }

    /**
     * Whether kubelet's update is complete: every {@code KEY -> ..data/KEY} symlink there should be is there
     * and nothing else points into {@code ..data}. An update of existing keys (the usual one) is complete at
     * the {@code ..data} rename itself, so it is answered at once; only an update that adds or drops keys
     * waits for kubelet's follow-up symlink changes (or the quiet period).
     */
    static boolean complete(Path dir) {
        java.util.Set<String> published = new java.util.TreeSet<>();
        java.util.Set<String> linked = new java.util.TreeSet<>();
        try (var data = Files.newDirectoryStream(dir.resolve(DATA)); var entries = Files.newDirectoryStream(dir)) {
            data.forEach(p -> {
                String name = p.getFileName().toString();
                if (!name.startsWith(".")) {
                    published.add(name);
                }
            });
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (!name.startsWith(".") && Files.isSymbolicLink(p)
                        && Files.readSymbolicLink(p).equals(Path.of(DATA, name))) {
                    linked.add(name);
                }
            }
        } catch (IOException | RuntimeException e) {
            return false; // raced with kubelet, or not its layout: wait as before
        }
        return published.equals(linked);
    }

    /** Reads and resets one key; classifies its events. */
    private Relevance drain(WatchKey key) {
        Relevance r = Relevance.NONE;
        boolean fromParent = key.equals(parentKey);
        for (WatchEvent<?> e : key.pollEvents()) {
            if (e.kind() == OVERFLOW) {
                r = r.max(Relevance.CHANGE);
                continue;
            }
            String name = e.context().toString();
            if (fromParent) {
                if (name.equals(dir.getFileName().toString())) {
                    // Created, deleted or renamed: whatever we watched under that name is stale.
                    if (dirKey != null) {
                        dirKey.cancel();
                        dirKey = null;
                    }
                    r = r.max(Relevance.CHANGE);
                }
            } else if (name.equals(DATA)) {
                r = r.max(Relevance.COMMIT);
            } else if (!name.startsWith(".")) {
                r = r.max(Relevance.CHANGE);
            }
        }
        if (!key.reset() && key.equals(dirKey)) {
            dirKey = null; // the directory itself is gone
            r = r.max(Relevance.CHANGE);
        }
        return r;
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            service.close();
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (IOException e) {
            LOG.debug("closing the watch service: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How much an event matters, in order. */
    private enum Relevance {
        NONE, CHANGE, COMMIT;

        Relevance max(Relevance o) {
            return o.ordinal() > ordinal() ? o : this;
        }
    }
}
