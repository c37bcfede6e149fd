package masq.app.ops.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Request heads and responses on the wire, byte for byte. */
class HttpWireTest {
    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static HttpWire.Request parse(String head) throws HttpWire.BadRequest {
        byte[] b = bytes(head);
        int end = HttpWire.headEnd(b, 0, b.length);
        assertEquals(b.length, end, "the head ends exactly at its empty line: " + head);
        return HttpWire.parse(b, end);
    }

    static int rejected(String head) {
        return assertThrows(HttpWire.BadRequest.class, () -> parse(head), head).response().status();
    }

    @Test
    void theHeadEndsAtTheFirstEmptyLineWithCrLfOrBareLf() {
        byte[] b = bytes("GET / HTTP/1.1\r\nHost: x\r\n\r\nBODY");
        assertEquals(27, HttpWire.headEnd(b, 0, b.length));
        assertEquals(-1, HttpWire.headEnd(b, 0, 26), "one byte short");
        byte[] lf = bytes("GET / HTTP/1.0\n\nrest");
        assertEquals(16, HttpWire.headEnd(lf, 0, lf.length));
        assertEquals(-1, HttpWire.headEnd(bytes("GET / HTTP/1.1\r\nHost: x\r\n"), 0, 25));
        // Resuming from two bytes before the previous end finds a terminator that straddles two reads.
        assertEquals(27, HttpWire.headEnd(b, 23, 27));
    }

    @Test
    void requestsAsProbesAndScrapersSendThem() throws Exception {
        assertEquals(new HttpWire.Request("GET", "/healthz"), parse("GET /healthz HTTP/1.1\r\nHost: 10.0.0.1:10266\r\n"
                + "User-Agent: kube-probe/1.33\r\nAccept: */*\r\nConnection: close\r\n\r\n"));
        assertEquals(new HttpWire.Request("GET", "/metrics"), parse("GET /metrics HTTP/1.1\r\nHost: x\r\nAccept: "
                + "application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.4,*/*;q=0.1\r\n"
                + "X-Prometheus-Scrape-Timeout-Seconds: 10\r\n\r\n"));
        assertEquals(new HttpWire.Request("HEAD", "/readyz"), parse("HEAD /readyz HTTP/1.0\r\n\r\n"));
    }

    @Test
    void theTargetsPathIsDecodedAndTheQueryIgnored() throws Exception {
        assertEquals("/healthz", parse("GET /healthz?verbose=1 HTTP/1.1\r\n\r\n").path());
        assertEquals("/healthz", parse("GET /%68ealthz HTTP/1.1\r\n\r\n").path());
        assertEquals("/healthz", parse("GET http://10.0.0.1:10266/healthz HTTP/1.1\r\n\r\n").path(), "absolute form");
        assertEquals("/", parse("GET http://10.0.0.1:10266 HTTP/1.1\r\n\r\n").path());
        assertEquals("/../healthz", parse("GET /../healthz HTTP/1.1\r\n\r\n").path(), "not normalised: 404 later");
        assertEquals("*", parse("OPTIONS * HTTP/1.1\r\n\r\n").path());
        assertEquals("post", parse("post / HTTP/1.1\r\n\r\n").method(), "methods are case-sensitive: 405 later");
    }

    @Test
    void malformedHeadsAre400AndOtherVersions505() {
        assertEquals(400, rejected("GARBAGE\r\n\r\n"));
        assertEquals(400, rejected("GET\r\n\r\n"));
        assertEquals(400, rejected("GET /healthz\r\n\r\n"), "HTTP/0.9");
        assertEquals(400, rejected("GET  /healthz HTTP/1.1\r\n\r\n"), "two spaces");
        assertEquals(400, rejected("GET /healthz HTTP/1.1 \r\n\r\n"));
        assertEquals(400, rejected("G(T /healthz HTTP/1.1\r\n\r\n"), "not a token");
        assertEquals(400, rejected("GET /%zz HTTP/1.1\r\n\r\n"));
        assertEquals(400, rejected("GET healthz HTTP/1.1\r\n\r\n"), "neither origin nor absolute form");
        assertEquals(400, rejected("GET mailto:a@b HTTP/1.1\r\n\r\n"));
        assertEquals(400, rejected("GET /healthz http/1.1\r\n\r\n"));
        assertEquals(400, rejected("GET /healthz HTTP/1.0\r\nno-colon-header\r\n\r\n"));
        assertEquals(400, rejected("GET /healthz HTTP/1.0\r\n: no name\r\n\r\n"));
        assertEquals(400, rejected("GET /healthz HTTP/1.0\r\nHost : x\r\n\r\n"), "space before the colon");
        assertEquals(400, rejected("GET /healthz HTTP/1.0\r\nA: b\r\n folded\r\n\r\n"), "obsolete line folding");
        assertEquals(505, rejected("GET /healthz HTTP/2.0\r\n\r\n"));
        assertEquals(505, rejected("PRI * HTTP/2.0\r\n\r\n"));
        assertEquals("400 bad request: malformed header line\n",
                assertThrows(HttpWire.BadRequest.class, () -> parse("GET / HTTP/1.0\r\nx\r\n\r\n")).response().bodyText());
    }

    @Test
    void responsesAreCompleteAndCloseTheConnection() {
        Instant date = Instant.parse("2026-01-02T03:04:05Z");
        assertEquals("HTTP/1.1 200 OK\r\nDate: Fri, 02 Jan 2026 03:04:05 GMT\r\nContent-Type: text/plain; charset=utf-8\r\n"
                        + "Content-Length: 3\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n"
                        + "Connection: close\r\n\r\nok\n",
                new String(HttpWire.render(HttpRoutes.Response.text(200, "ok\n"), false, date), StandardCharsets.ISO_8859_1));
        assertEquals("HTTP/1.1 405 Method Not Allowed\r\nDate: Fri, 02 Jan 2026 03:04:05 GMT\r\nContent-Type: text/plain; charset=utf-8\r\n"
                        + "Content-Length: 4\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n"
                        + "Allow: GET, HEAD\r\nConnection: close\r\n\r\n",
                new String(HttpWire.render(HttpRoutes.Response.text(405, "no\n\n"), true, date), StandardCharsets.ISO_8859_1),
                "HEAD: GET's headers, Content-Length included, and no body");
    }
}
