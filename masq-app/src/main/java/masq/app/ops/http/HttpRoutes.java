package masq.app.ops.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each HTTP listener serves: exact paths to read-only {@link Response} suppliers. GET and HEAD only
 * (405 otherwise; {@link HttpWire} adds {@code Allow}), 404 for any other path, 500 with a one-line body if
 * a supplier throws: nothing served changes state, and no response ever carries a stack trace.
 */
public final class HttpRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(HttpRoutes.class);
    static final String TEXT = "text/plain; charset=utf-8";

    /**
     * What one request gets.
     *
     * @param status      HTTP status code
     * @param contentType the Content-Type header
     * @param body        the body (sent for GET, only its headers for HEAD)
     */
    public record Response(int status, String contentType, byte[] body) {
        public static Response text(int status, String body) {
            return new Response(status, TEXT, body.getBytes(StandardCharsets.UTF_8));
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Map<String, Supplier<Response>> routes;

    public HttpRoutes(Map<String, Supplier<Response>> routes) {
        this.routes = Map.copyOf(routes);
    }

    /** The response to a request, before any I/O: the whole routing policy in one place. */
    Response respond(String method, String path) {
        Supplier<Response> route = routes.get(path);
        if (route == null) {
            return Response.text(404, "404 page not found\n");
        }
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return Response.text(405, "405 method not allowed: use GET or HEAD\n");
        }
        try {
            return route.get();
        } catch (RuntimeException e) {
            LOG.warn("serving {} failed", path, e);
            return Response.text(500, "500 internal error (see the agent's log)\n");
        }
    }
}
