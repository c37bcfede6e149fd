package masq.app.ops.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listening socket of the HTTP endpoints, built so that no client can delay another (docs/metrics.md,
 * "Slow and hostile clients", and docs/decisions.md D5):
 * <ul>
 *   <li>one thread per listener accepts connections and reads request heads without blocking (a selector),
 *   so a client that sends half a request costs a buffer, not a thread; a complete request is answered on
 *   a virtual thread of its own;</li>
 *   <li>at most {@link Limits#maxConnections} connections are open; one more closes the <em>oldest</em>, so
 *   the cap bounds memory but cannot lock a probe out (a probe's exchange takes a millisecond, so the oldest
 *   is the stuck one);</li>
 *   <li>each connection is closed {@link Limits#deadline} after it was accepted, whatever it is doing;</li>
 *   <li>a request head is at most {@link Limits#maxHeadBytes} (431 beyond), a body is never read.</li>
 * </ul>
 */
public final class HttpListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpListener.class);
    /** Pending connections the kernel queues while the loop is busy (capped by net.core.somaxconn). */
    private static final int BACKLOG = 512;
    /** AgentRoutes and scrapers send 100-400 bytes: start small, grow only for a longer head. */
    private static final int FIRST_BUFFER = 1024;
    private static final int ACCEPT_BATCH = 64;

    /**
     * Bounds of one listener.
     *
     * @param maxConnections connections open at once; one more closes the oldest
     * @param deadline       a connection's whole lifetime, from accept to close
     * @param maxHeadBytes   request line and headers together
     */
    public record Limits(int maxConnections, Duration deadline, int maxHeadBytes) {
        /**
         * A flood must open 512 connections within one probe's exchange to push it out (about 1 ms, 100 ms on
         * a CPU-starved node); each open connection holds at most its head buffer (1-8 KiB) and ~1 KiB of
         * socket state: 5 MiB per listener at the very worst.
         */
        public static final Limits DEFAULT = new Limits(512, Duration.ofSeconds(10), 8192);
    }

    private final ServerSocketChannel server;
    private final Selector selector;
    private final HttpRoutes routes;
    private final Limits limits;
    private final Clock clock;
    private final String name;
    private final HttpConnections open;
    private final Thread loop;
    private volatile boolean closing;
    private long acceptPauseNanos;
    private boolean acceptPaused;
    private long acceptResumesAt;

    private HttpListener(ServerSocketChannel server, Selector selector, HttpRoutes routes, Limits limits, Clock clock) {
        this.server = server;
        this.selector = selector;
        this.routes = routes;
        this.limits = limits;
        this.clock = clock;
        this.name = text(address());
        this.open = new HttpConnections(limits.maxConnections(), name);
        this.loop = Thread.ofPlatform().daemon().name("http-" + server.socket().getLocalPort()).start(this::run);
    }

    /** Binds the address and starts accepting. */
    public static HttpListener start(InetSocketAddress address, HttpRoutes routes, Limits limits, Clock clock) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        Selector selector = null;
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(address, BACKLOG);
            server.configureBlocking(false);
            selector = Selector.open();
            server.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            server.close();
            if (selector != null) {
                selector.close();
            }
            throw e;
        }
        return new HttpListener(server, selector, routes, limits, clock);
    }

    /** {@code 127.0.0.1:10267}, {@code [::1]:10267}: as the flags take it, without Java's leading slash. */
    public static String text(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** The bound address (the real port when port 0 was asked for). */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.socket().getLocalSocketAddress();
    }

    /** The loop: accept, read heads, hand complete requests over, close what is past its deadline. */
    private void run() {
        try (selector; server) {
            while (!closing) {
                selector.select(this::ready, waitMillis());
                long now = System.nanoTime();
                open.expire(now);
                if (acceptPaused && now - acceptResumesAt >= 0) {
                    acceptPaused = false;
                    server.keyFor(selector).interestOps(SelectionKey.OP_ACCEPT);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!closing) {
                LOG.error("HTTP listener on {} stopped: {}", name, e.toString(), e);
            }
        } finally {
            open.closeAll();
        }
    }

    /** Until the oldest connection's deadline or the end of an accept pause; 0 (no limit) when there is neither. */
    private long waitMillis() {
        long next = open.nextDeadline();
        if (acceptPaused && (next == Long.MAX_VALUE || acceptResumesAt - next < 0)) {
            next = acceptResumesAt;
        }
        return next == Long.MAX_VALUE ? 0 : Math.max(1, (next - System.nanoTime()) / 1_000_000 + 1);
    }

    private void ready(SelectionKey key) {
        if (key.isValid() && key.isAcceptable()) {
            accept();
        } else if (key.isValid() && key.isReadable()) {
            read(key);
        }
    }

    private void accept() {
        // A bounded batch, then back to select(): a flood must not keep the loop from reading and expiring.
        for (int batch = 0; batch < ACCEPT_BATCH; batch++) {
            SocketChannel channel;
            try {
                channel = server.accept();
                if (channel == null) {
                    acceptPauseNanos = 0;
                    return;
                }
                channel.configureBlocking(false);
            } catch (IOException e) {
                // e.g. EMFILE: stop accepting for a while, as Go's net/http does (5 ms doubling to 1 s), instead of spinning.
                acceptPauseNanos = Math.min(1_000_000_000L, Math.max(5_000_000L, acceptPauseNanos * 2));
                acceptResumesAt = System.nanoTime() + acceptPauseNanos;
                acceptPaused = true;
                server.keyFor(selector).interestOps(0);
                LOG.debug("accepting an HTTP connection on {} failed ({}); pausing {} ms", name, e.toString(), acceptPauseNanos / 1_000_000);
                return;
            }
            HttpConnections.Connection c = new HttpConnections.Connection(channel, System.nanoTime() + limits.deadline().toNanos(),
                    Math.min(FIRST_BUFFER, limits.maxHeadBytes()));
            open.admit(c);
            try {
                channel.register(selector, SelectionKey.OP_READ, c);
            } catch (IOException e) {
                open.close(c);
            }
        }
    }

    /** Reads what arrived; a complete head goes to a virtual thread, a too large one gets 431 there. */
    private void read(SelectionKey key) {
        HttpConnections.Connection c = (HttpConnections.Connection) key.attachment();
        try {
            ByteBuffer head = c.head;
            if (!head.hasRemaining()) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.min(2 * head.capacity(), limits.maxHeadBytes()));
                c.head = head = bigger.put(head.flip());
            }
            int before = head.position();
            if (c.channel.read(head) < 0) {
                open.close(c); // the client left before finishing its request
                return;
            }
            // A terminator may straddle reads: rescan from the last two bytes already seen.
            int end = HttpWire.headEnd(head.array(), Math.max(0, before - 2), head.position());
            if (end >= 0 || head.position() == limits.maxHeadBytes()) {
                key.cancel(); // the virtual thread owns the connection from here
                c.channel.configureBlocking(true);
                Thread.ofVirtual().name("http-exchange").start(() -> exchange(c, end));
            }
        } catch (IOException e) {
            LOG.trace("HTTP connection ended: {}", e.toString());
            open.close(c);
        }
    }

    /** On the connection's virtual thread: answers, then closes (also when the deadline or the cap closed it first). */
    private void exchange(HttpConnections.Connection c, int end) {
        try {
            HttpExchange.answer(c.channel, c.head.array(), end, routes, clock);
        } catch (IOException e) {
            // Closed by the deadline or the cap, or the client went away: nothing to tell anyone.
            LOG.trace("HTTP connection ended: {}", e.toString());
        } finally {
            c.head = null;
            open.close(c);
        }
    }

    /** Stops accepting and closes every open connection; their threads end at once. */
    @Override
    public void close() {
        closing = true;
        selector.wakeup();
        try {
            loop.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
