package masq.app.ops.http;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * HTTP/1.x on the wire, as far as three read-only endpoints need it, and no further: the request head
 * (request line and header lines) is parsed strictly, headers are checked for syntax and otherwise ignored,
 * a request body is never read, and every response closes the connection ({@code Connection: close}), so
 * there is no keep-alive, chunking or pipelining to get wrong. Pure functions; the sockets are
 * {@link HttpListener}'s.
 */
final class HttpWire {
    /** RFC 9110 token characters: a method and a header name. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
    private static final Pattern VERSION = Pattern.compile("HTTP/\\d\\.\\d");
    private static final Map<Integer, String> REASONS = Map.of(200, "OK", 400, "Bad Request", 404, "Not Found",
            405, "Method Not Allowed", 431, "Request Header Fields Too Large", 500, "Internal Server Error",
            503, "Service Unavailable", 505, "HTTP Version Not Supported");
    /** HTTP's IMF-fixdate (RFC 9110 5.6.7): a two-digit day, unlike Java's RFC_1123_DATE_TIME. */
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);

    /**
     * A parsed request head.
     *
     * @param method the method, as sent (case-sensitive, as HTTP says)
     * @param path   the decoded path of the target (query ignored), as routes are matched
     */
    record Request(String method, String path) {
    }

    /** A request that gets an error response instead of a route's. */
    static final class BadRequest extends Exception {
        private final transient HttpRoutes.Response response;

        BadRequest(int status, String body) {
            super(body, null, false, false);
            this.response = HttpRoutes.Response.text(status, status + " " + body + "\n");
        }

        HttpRoutes.Response response() {
            return response;
        }
    }

    private HttpWire() {
    }

    /**
     * Where the head ends: the index just after its empty line ({@code CRLF CRLF}, or bare {@code LF LF} as
     * lenient servers accept), or -1 if it has not ended within {@code length} bytes.
     *
     * @param from where to start looking: bytes before it are known not to start the end
     */
    static int headEnd(byte[] buf, int from, int length) {
        for (int i = from; i < length; i++) {
            if (buf[i] != '\n') {
                continue;
            }
            if (i + 1 < length && buf[i + 1] == '\n') {
                return i + 2;
            }
            if (i + 2 < length && buf[i + 1] == '\r' && buf[i + 2] == '\n') {
                return i + 3;
            }
        }
        return -1;
    }

    /** Parses a complete head (as delimited by {@link #headEnd}). */
    static Request parse(byte[] buf, int headLength) throws BadRequest {
        String[] lines = new String(buf, 0, headLength, StandardCharsets.ISO_8859_1).split("\r?\n", -1);
        String[] parts = lines[0].split(" ", -1);
        if (parts.length != 3 || !TOKEN.matcher(parts[0]).matches() || parts[1].isEmpty()) {
            throw new BadRequest(400, "bad request: malformed request line");
        }
        if (!parts[2].equals("HTTP/1.1") && !parts[2].equals("HTTP/1.0")) {
            throw VERSION.matcher(parts[2]).matches() ? new BadRequest(505, "HTTP version not supported: use HTTP/1.1")
                    : new BadRequest(400, "bad request: malformed request line");
        }
        // Every line after the request line up to the empty one ending the head is a header.
        for (int i = 1; i < lines.length - 2; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0 || !TOKEN.matcher(lines[i].substring(0, colon)).matches()) {
                throw new BadRequest(400, "bad request: malformed header line");
            }
        }
        return new Request(parts[0], path(parts[1]));
    }

    /** The path of an origin-form ({@code /healthz?x}) or absolute-form ({@code http://h/healthz}) target. */
    private static String path(String target) throws BadRequest {
        if (target.equals("*")) {
            return target; // OPTIONS *: no route has it, so 404
        }
        try {
            URI uri = new URI(target);
            if (target.startsWith("/") || (uri.isAbsolute() && uri.getRawPath() != null && !uri.isOpaque())) {
                return uri.getPath().isEmpty() ? "/" : uri.getPath();
            }
        } catch (URISyntaxException e) {
            // falls through to the error
        }
        throw new BadRequest(400, "bad request: malformed request target");
    }

    /**
     * The bytes of a complete response.
     *
     * @param headOnly a HEAD request: the headers GET would get (Content-Length included), no body
     * @param date     the Date header's time
     */
    static byte[] render(HttpRoutes.Response response, boolean headOnly, Instant date) {
        StringBuilder head = new StringBuilder(256)
                .append("HTTP/1.1 ").append(response.status()).append(' ')
                .append(REASONS.getOrDefault(response.status(), "Status")).append("\r\n")
                .append("Date: ").append(DATE.format(date)).append("\r\n")
                .append("Content-Type: ").append(response.contentType()).append("\r\n")
                .append("Content-Length: ").append(response.body().length).append("\r\n")
                .append("Cache-Control: no-store\r\n")
                .append("X-Content-Type-Options: nosniff\r\n");
        if (response.status() == 405) {
            head.append("Allow: GET, HEAD\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + response.body().length);
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!headOnly) {
            out.writeBytes(response.body());
        }
        return out.toByteArray();
    }
}
