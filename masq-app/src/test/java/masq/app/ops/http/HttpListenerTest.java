package masq.app.ops.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One listener's bounds over real loopback sockets: the connection deadline, the head size, draining, close. */
@Timeout(60)
class HttpListenerTest {
    HttpListener listener;

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.close();
        }
    }

    InetSocketAddress start(HttpListener.Limits limits) throws IOException {
        listener = HttpListener.start(RawHttp.ANY_LOOPBACK_PORT,
                new HttpRoutes(Map.of("/healthz", () -> HttpRoutes.Response.text(200, "ok\n"))), limits, RawHttp.CLOCK);
        return listener.address();
    }

    static Socket connect(InetSocketAddress a) throws IOException {
        Socket s = new Socket(a.getAddress(), a.getPort());
        s.setSoTimeout(20_000);
        return s;
    }

    @Test
    void aConnectionIsClosedAtItsDeadlineWhateverItIsDoing() throws Exception {
        InetSocketAddress a = start(new HttpListener.Limits(8, Duration.ofMillis(300), 8192));
        try (Socket silent = connect(a); Socket partial = connect(a)) {
            partial.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x".getBytes(StandardCharsets.US_ASCII));
            // Each read blocks until the server closes (its deadline is 300 ms; the read allows 20 s).
            RawHttp.assertClosedByServer(silent, "a connection that never sent anything");
            RawHttp.assertClosedByServer(partial, "a connection that never finished its request");
        }
        assertEquals(200, RawHttp.status(RawHttp.get(a, "GET", "/healthz")), "still serving");
    }

    @Test
    void aHeadLargerThanTheLimitIs431() throws Exception {
        InetSocketAddress a = start(new HttpListener.Limits(8, Duration.ofSeconds(10), 256));
        String big = "GET /healthz HTTP/1.1\r\nX-Pad: " + "a".repeat(300) + "\r\n\r\n";
        String r = RawHttp.exchange(a, big);
        assertEquals(431, RawHttp.status(r), r);
        assertEquals("431 request header fields too large\n", RawHttp.body(r));
        // Exactly at the limit is fine.
        String prefix = "GET /healthz HTTP/1.1\r\nX-Pad: ";
        String fits = prefix + "a".repeat(256 - prefix.length() - 4) + "\r\n\r\n";
        assertEquals(256, fits.length());
        assertEquals(200, RawHttp.status(RawHttp.exchange(a, fits)));
    }

    @Test
    void aRequestBodyIsDrainedSoTheResponseIsNotReset() throws Exception {
        InetSocketAddress a = start(HttpListener.Limits.DEFAULT);
        // 256 KiB of body the server never wants: without draining, closing with unread input resets the
        // connection and the client may never see the 405.
        try (Socket s = connect(a)) {
            OutputStream out = s.getOutputStream();
            out.write("POST /healthz HTTP/1.1\r\nContent-Length: 262144\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    out.write(new byte[262_144]);
                    s.shutdownOutput();
                } catch (IOException e) {
                    // the server may close first once it has drained its share: fine
                }
            });
            String r = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            writer.join();
            assertEquals(405, RawHttp.status(r), r);
            assertTrue(r.contains("\r\nAllow: GET, HEAD\r\n"), r);
        }
    }

    @Test
    void closeEndsOpenConnectionsAndStopsListening() throws Exception {
        InetSocketAddress a = start(HttpListener.Limits.DEFAULT);
        try (Socket held = connect(a)) {
            held.getOutputStream().write("GET /he".getBytes(StandardCharsets.US_ASCII));
            assertEquals(200, RawHttp.status(RawHttp.get(a, "GET", "/healthz")));
            listener.close();
            RawHttp.assertClosedByServer(held, "a connection open at close");
        }
        try (Socket refused = new Socket()) {
            assertTrue(assertRefused(refused, a), "nothing listens after close");
        }
    }

    private static boolean assertRefused(Socket s, InetSocketAddress a) {
        try {
            s.connect(a, 5_000);
            return false;
        } catch (IOException e) {
            return e instanceof java.net.ConnectException;
        }
    }
}
