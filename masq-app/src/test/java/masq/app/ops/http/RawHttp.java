package masq.app.ops.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/** A raw HTTP client for the listener tests: bytes as a probe sends them, nothing normalised; bounded waits. */
public final class RawHttp {
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
    public static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    /** How long a test waits for an answer: generous, so a busy machine cannot fail a test. */
    static final int TIMEOUT_MILLIS = 10_000;
    /** How long a test waits for the server to close a connection: a probe's client timeout, generously. */
    static final int CLOSE_TIMEOUT_MILLIS = 5_000;

    private RawHttp() {
    }

    /** A raw HTTP/1.0 exchange: exactly what a probe or a hand-typed request sends, nothing normalised. */
    public static String exchange(InetSocketAddress address, String request) throws IOException {
        try (Socket s = new Socket(address.getAddress(), address.getPort())) {
            s.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    public static String get(InetSocketAddress address, String method, String path) throws IOException {
        return exchange(address, method + " " + path + " HTTP/1.0\r\nHost: x\r\n\r\n");
    }

    public static int status(String response) {
        return Integer.parseInt(response.substring(9, 12));
    }

    public static String body(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    /** The server closed the connection: end of stream or a reset, within a bounded wait. */
    public static void assertClosedByServer(Socket s, String what) throws IOException {
        s.setSoTimeout(CLOSE_TIMEOUT_MILLIS);
        InputStream in = s.getInputStream();
        Instant start = Instant.now();
        try {
            assertEquals(-1, in.read(), what + ": no response expected, only the close");
        } catch (SocketTimeoutException e) {
            throw new AssertionError(what + " is still open after " + Duration.between(start, Instant.now()), e);
        } catch (SocketException reset) {
            assertTrue(reset.getMessage().contains("reset"), reset.toString());
        }
    }
}
