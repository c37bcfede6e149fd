package masq.app.platform;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent per node: an exclusive lock on a file (a hostPath such as {@code /run/ip-masq-agent.lock}), so
 * the old and the new pod of a rolling update never fight over the rules. {@link FileChannel#tryLock} takes
 * a POSIX record lock ({@code fcntl(F_SETLK)}), which the kernel releases when the holder dies, however it
 * dies: a stale lock file never blocks. A waiting agent polls, so SIGTERM ends the wait at once.
 *
 * <p>A lock file that cannot be created (read-only root file system without a hostPath for it, missing
 * directory) is logged as a warning and the agent runs without the lock: it is a safeguard for rolling
 * updates, never a reason to leave a node without its rules.
 */
public final class InstanceLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceLock.class);
    /** How often a waiting agent tries again. */
    static final Duration POLL = Duration.ofMillis(200);

    private final FileChannel channel;
    private final FileLock lock;

    /** @param channel null (with lock) when running without a lock file */
    private InstanceLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** No lock: {@code --lock-file=} or {@code --once}; closing it does nothing. */
    public static InstanceLock none() {
        return new InstanceLock(null, null);
    }

    /** Pauses between attempts; false when the agent is stopping. */
    @FunctionalInterface
    public interface Pause {
        boolean pause(Duration d) throws InterruptedException;
    }

    /**
     * Takes the lock, waiting (and saying so once) while another agent holds it.
     *
     * @return empty when {@code pause} reported a stop before the lock was free
     * @throws StartupException when locking the opened file fails
     */
    public static Optional<InstanceLock> acquire(Path file, Pause pause) throws StartupException, InterruptedException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot open the lock file {} ({}); running without it, so another agent on this node would not"
                    + " be kept out (mount a hostPath there, or --lock-file= to disable)", file, e.toString());
            return Optional.of(none());
        }
        boolean waited = false;
        try {
            while (true) {
                FileLock lock = tryLock(channel, file);
                if (lock != null) {
                    if (waited) {
                        LOG.info("lock file {} acquired: the other agent has gone; starting", file);
                    } else {
                        LOG.debug("lock file {} acquired", file);
                    }
                    writePid(channel);
                    return Optional.of(new InstanceLock(channel, lock));
                }
                if (!waited) {
                    LOG.info("another agent holds the lock file {}: waiting for it to exit", file);
                    waited = true;
                }
                if (!pause.pause(POLL)) {
                    channel.close();
                    return Optional.empty();
                }
            }
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StartupException("cannot lock " + file + ": " + e);
        } catch (InterruptedException | RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static FileLock tryLock(FileChannel channel, Path file) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            // Held by this very process (another channel): the JVM refuses instead of the kernel. Busy all the same.
            LOG.trace("lock file {} is held inside this process", file);
            return null;
        }
    }

    /** The holder's pid in the file, for people looking at a waiting agent; the lock is what counts. */
    private static void writePid(FileChannel channel) throws IOException {
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was locked through it
        }
    }

    /** Releases the lock (the file stays: deleting it would race with a waiter that already opened it). */
    @Override
    public void close() {
        if (channel == null) {
            return;
        }
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            LOG.debug("releasing the lock file: {}", e.toString());
        }
    }
}
