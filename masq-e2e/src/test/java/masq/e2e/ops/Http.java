package masq.e2e.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/1.0 GETs from a thread that has joined a network namespace: a plain socket opened on that thread is
 * certainly in that namespace (an HttpClient would open its sockets on its own selector thread).
 */
final class Http {
    /**
     * A response.
     *
     * @param status HTTP status, or -1 when the connection was refused
     * @param body   the body
     */
    record Response(int status, String body) {
    }

    private final ExecutorService inNamespace;

    Http(ExecutorService inNamespace) {
        this.inNamespace = inNamespace;
    }

    Response get(String host, int port, String path) {
        return get(host, port, path, 10_000);
    }

    /**
     * @param timeoutMillis for the connect and for each read (a kubelet probe allows 1 s for everything)
     */
    Response get(String host, int port, String path, int timeoutMillis) {
        try {
            return inNamespace.submit(() -> fetch(host, port, path, timeoutMillis)).get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("GET http://" + host + ":" + port + path + " failed", e);
        }
    }

    /** A connection that sends the start of a request and then nothing: the caller closes it. */
    Socket holdPartialRequest(String host, int port) {
        try {
            return inNamespace.submit(() -> {
                Socket s = new Socket();
                s.connect(new InetSocketAddress(InetAddress.ofLiteral(host), port), 5000);
                s.getOutputStream().write("GET /healthz HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
                return s;
            }).get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("connecting to " + host + ":" + port + " failed", e);
        }
    }

    private static Response fetch(String host, int port, String path, int timeoutMillis) throws IOException {
        try (Socket s = new Socket()) {
            try {
                s.connect(new InetSocketAddress(InetAddress.ofLiteral(host), port), timeoutMillis);
            } catch (java.net.ConnectException refused) {
                return new Response(-1, refused.getMessage());
            }
            s.setSoTimeout(timeoutMillis);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.0\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Response(Integer.parseInt(raw.substring(9, 12)), raw.substring(raw.indexOf("\r\n\r\n") + 4));
        }
    }

    /** A sample's value in Prometheus text: the line {@code series value} (series with its labels, exactly). */
    static OptionalDouble sample(String exposition, String series) {
        return exposition.lines().filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1).trim())).findFirst();
    }
}
