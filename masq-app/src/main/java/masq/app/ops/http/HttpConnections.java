package masq.app.ops.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open connections of one {@link HttpListener}, oldest first: the cap (one more closes the oldest) and
 * the deadlines (accept order is deadline order, so expiry looks at the head only). Thread-safe: the
 * listener's loop admits and expires, each connection's virtual thread removes its own.
 */
final class HttpConnections {
    private static final Logger LOG = LoggerFactory.getLogger(HttpConnections.class);

    /** One open connection: its head buffer while the loop reads it, then owned by its virtual thread. */
    static final class Connection {
        final SocketChannel channel;
        final long deadlineNanos;
        ByteBuffer head;

        Connection(SocketChannel channel, long deadlineNanos, int firstBuffer) {
            this.channel = channel;
            this.deadlineNanos = deadlineNanos;
            this.head = ByteBuffer.allocate(firstBuffer);
        }
    }

    private final int max;
    private final String name;
    /** In accept order; guarded by itself. */
    private final Map<SocketChannel, Connection> open = new LinkedHashMap<>();
    private volatile boolean warnedFull;

    /**
     * @param max  connections open at once
     * @param name the listener's address, for the log
     */
    HttpConnections(int max, String name) {
        this.max = max;
        this.name = name;
    }

    /** Registers a new connection; at the cap, closes the oldest first. */
    void admit(Connection c) {
        Connection oldest = null;
        synchronized (open) {
            if (open.size() >= max) {
                Iterator<Connection> first = open.values().iterator();
                oldest = first.next();
                first.remove();
            }
            open.put(c.channel, c);
        }
        if (oldest == null) {
            return;
        }
        closeQuietly(oldest.channel);
        if (!warnedFull) {
            warnedFull = true;
            LOG.warn("HTTP connections on {} reached the limit of {}: closing the oldest ones (clients holding"
                    + " connections open?); further closures are logged at DEBUG", name, max);
        } else {
            LOG.debug("HTTP connection limit reached on {}: closed the oldest", name);
        }
    }

    /** The oldest connection's deadline ({@link System#nanoTime} scale), or {@link Long#MAX_VALUE} when none is open. */
    long nextDeadline() {
        synchronized (open) {
            return open.isEmpty() ? Long.MAX_VALUE : open.values().iterator().next().deadlineNanos;
        }
    }

    /** Closes every connection whose deadline has passed. */
    void expire(long nowNanos) {
        List<Connection> expired = new ArrayList<>();
        synchronized (open) {
            for (Iterator<Connection> it = open.values().iterator(); it.hasNext(); ) {
                Connection c = it.next();
                if (c.deadlineNanos - nowNanos > 0) {
                    break;
                }
                it.remove();
                expired.add(c);
            }
        }
        expired.forEach(c -> closeQuietly(c.channel));
    }

    /** Forgets and closes one connection (it may have been closed already). */
    void close(Connection c) {
        synchronized (open) {
            open.remove(c.channel);
        }
        closeQuietly(c.channel);
    }

    void closeAll() {
        List<Connection> all;
        synchronized (open) {
            all = new ArrayList<>(open.values());
            open.clear();
        }
        all.forEach(c -> closeQuietly(c.channel));
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.trace("closing an HTTP connection: {}", e.toString());
        }
    }
}
