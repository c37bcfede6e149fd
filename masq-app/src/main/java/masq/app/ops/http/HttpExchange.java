package masq.app.ops.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Clock;
import java.time.Duration;
import masq.api.GoQuote;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One answer on a connection whose request head {@link HttpListener} has read: parse, route, write the
 * whole response, linger briefly. Runs on the connection's own virtual thread, in blocking mode; the
 * listener's deadline bounds it by closing the channel.
 */
final class HttpExchange {
    private static final Logger LOG = LoggerFactory.getLogger(HttpExchange.class);
    /** After the response: how long, and how much, unread input is drained so closing does not reset the response. */
    private static final Duration LINGER = Duration.ofSeconds(1);
    private static final int DRAIN_BYTES = 64 * 1024;

    private HttpExchange() {
    }

    /**
     * @param head the bytes read so far
     * @param end  where the head ends in them, or -1 when it did not end within the size limit (431)
     */
    static void answer(SocketChannel channel, byte[] head, int end, HttpRoutes routes, Clock clock) throws IOException {
        HttpRoutes.Response response;
        boolean headOnly = false;
        if (end < 0) {
            response = new HttpWire.BadRequest(431, "request header fields too large").response();
        } else {
            try {
                HttpWire.Request request = HttpWire.parse(head, end);
                headOnly = request.method().equals("HEAD");
                response = routes.respond(request.method(), request.path());
                LOG.trace("{} {} -> {}", request.method(), GoQuote.quote(request.path()), response.status());
            } catch (HttpWire.BadRequest e) {
                response = e.response();
            }
        }
        ByteBuffer out = ByteBuffer.wrap(HttpWire.render(response, headOnly, clock.instant()));
        while (out.hasRemaining()) {
            channel.write(out);
        }
        linger(channel);
    }

    /**
     * Ends our side, then reads what the client still sends (a body we never wanted, a pipelined request)
     * until it closes, for at most {@link #LINGER} and {@link #DRAIN_BYTES}: closing with unread input
     * makes the kernel send a reset, which can destroy the response before the client has read it.
     */
    private static void linger(SocketChannel channel) throws IOException {
        channel.shutdownOutput();
        channel.socket().setSoTimeout((int) LINGER.toMillis());
        InputStream in = channel.socket().getInputStream();
        byte[] sink = new byte[4096];
        try {
            for (int total = 0, n; total < DRAIN_BYTES && (n = in.read(sink)) >= 0; total += n) {
                // discard
            }
        } catch (SocketTimeoutException e) {
            // the client keeps the connection open: close it anyway
        }
    }
}
