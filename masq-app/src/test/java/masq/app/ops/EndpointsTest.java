package masq.app.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import masq.api.spi.BackendInfo;
import masq.app.cli.Flags;
import masq.app.ops.http.HttpListener;
import masq.app.ops.http.HttpRoutes;
import masq.app.ops.http.RawHttp;
import masq.app.platform.StartupException;
import masq.app.sync.TestOutcomes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP endpoints over real sockets on the loopback: methods, paths, status codes, no stack traces. */
class EndpointsTest {

    Endpoints server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }



    Endpoints start(Optional<InetSocketAddress> health, Optional<InetSocketAddress> metrics,
                       Map<String, Supplier<HttpRoutes.Response>> extraHealthRoutes) throws StartupException {
        HealthState state = new HealthState(RawHttp.CLOCK, 3);
        state.on(TestOutcomes.synced());
        Map<String, Supplier<HttpRoutes.Response>> healthRoutes = new LinkedHashMap<>(
                AgentRoutes.health(state, () -> Duration.ofSeconds(60), RawHttp.CLOCK.instant(), RawHttp.CLOCK));
        healthRoutes.putAll(extraHealthRoutes);
        AgentMetrics metricsSource = new AgentMetrics(RawHttp.CLOCK, new BackendInfo("dryrun", "none", ""), "test");
        Map<String, Optional<InetSocketAddress>> addresses = new LinkedHashMap<>();
        addresses.put(Flags.HEALTH_BIND_ADDRESS, health);
        addresses.put(Flags.METRICS_BIND_ADDRESS, metrics);
        server = Endpoints.start(addresses, Map.of(Flags.HEALTH_BIND_ADDRESS, healthRoutes,
                Flags.METRICS_BIND_ADDRESS, AgentRoutes.metrics(metricsSource)), HttpListener.Limits.DEFAULT, RawHttp.CLOCK);
        return server;
    }

    @Test
    void separateAddressesServeSeparatePaths() throws Exception {
        // Two different addresses (all of 127/8 is the loopback on Linux), so two servers.
        start(Optional.of(RawHttp.ANY_LOOPBACK_PORT), Optional.of(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.2"), 0)), Map.of());
        List<InetSocketAddress> bound = server.addresses();
        assertEquals(2, bound.size());
        InetSocketAddress health = bound.get(0);
        InetSocketAddress metrics = bound.get(1);
        assertEquals(200, RawHttp.status(RawHttp.get(health, "GET", "/healthz")));
        assertEquals("ok\n", RawHttp.body(RawHttp.get(health, "GET", "/healthz")));
        assertEquals(200, RawHttp.status(RawHttp.get(health, "GET", "/readyz")));
        assertEquals(404, RawHttp.status(RawHttp.get(health, "GET", "/metrics")));
        assertEquals(404, RawHttp.status(RawHttp.get(metrics, "GET", "/healthz")));
        String scrape = RawHttp.get(metrics, "GET", "/metrics");
        assertEquals(200, RawHttp.status(scrape));
        assertTrue(scrape.contains("\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n"), scrape);
        assertTrue(RawHttp.body(scrape).contains("ip_masq_agent_syncs_total{result=\"synced\"} 0.0\n"), scrape);
    }

    @Test
    void oneAddressServesEveryPath() throws Exception {
        start(Optional.of(RawHttp.ANY_LOOPBACK_PORT), Optional.of(RawHttp.ANY_LOOPBACK_PORT), Map.of());
        server.close();
        // Bind a concrete port first so both flags can name the very same address.
        InetSocketAddress fixed;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            fixed = new InetSocketAddress(InetAddress.getLoopbackAddress(), probe.getLocalPort());
        }
        start(Optional.of(fixed), Optional.of(fixed), Map.of());
        assertEquals(List.of(fixed), server.addresses());
        for (String path : List.of("/healthz", "/readyz", "/metrics")) {
            assertEquals(200, RawHttp.status(RawHttp.get(fixed, "GET", path)), path);
        }
    }

    @Test
    void anEmptyFlagServesNothing() throws Exception {
        start(Optional.empty(), Optional.of(RawHttp.ANY_LOOPBACK_PORT), Map.of());
        assertEquals(1, server.addresses().size());
        assertEquals(404, RawHttp.status(RawHttp.get(server.addresses().getFirst(), "GET", "/healthz")));
    }

    @Test
    void onlyGetAndHeadAreAllowed() throws Exception {
        start(Optional.of(RawHttp.ANY_LOOPBACK_PORT), Optional.empty(), Map.of());
        InetSocketAddress a = server.addresses().getFirst();
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE")) {
            String r = RawHttp.exchange(a, method + " /healthz HTTP/1.0\r\nContent-Length: 4\r\n\r\nstop");
            assertEquals(405, RawHttp.status(r), method);
            assertTrue(r.contains("\r\nAllow: GET, HEAD\r\n"), r);
        }
        String head = RawHttp.get(a, "HEAD", "/readyz");
        assertEquals(200, RawHttp.status(head));
        assertEquals("", RawHttp.body(head));
    }

    @Test
    void unknownPathsAre404AndQueriesAreIgnored() throws Exception {
        start(Optional.of(RawHttp.ANY_LOOPBACK_PORT), Optional.empty(), Map.of());
        InetSocketAddress a = server.addresses().getFirst();
        assertEquals(404, RawHttp.status(RawHttp.get(a, "GET", "/")));
        assertEquals(404, RawHttp.status(RawHttp.get(a, "GET", "/healthz/")));
        assertEquals(404, RawHttp.status(RawHttp.get(a, "GET", "/HEALTHZ")));
        assertEquals(404, RawHttp.status(RawHttp.get(a, "GET", "/../healthz")));
        assertEquals(200, RawHttp.status(RawHttp.get(a, "GET", "/healthz?verbose=1")));
    }

    @Test
    void malformedRequestsGet4xxWithoutAStackTrace() throws Exception {
        start(Optional.of(RawHttp.ANY_LOOPBACK_PORT), Optional.empty(), Map.of());
        InetSocketAddress a = server.addresses().getFirst();
        for (String bad : List.of("GARBAGE\r\n\r\n", "GET\r\n\r\n", "GET /healthz HTTP/1.0\r\nno-colon-header\r\n\r\n",
                "GET /%zz HTTP/1.0\r\n\r\n")) {
            String r = RawHttp.exchange(a, bad);
            assertEquals(400, RawHttp.status(r), bad + " -> " + r);
            assertTrue(RawHttp.body(r).startsWith("400 bad request: malformed "), r);
            assertFalse(r.contains("\tat ") || r.contains("Exception"), r);
        }
        // Still serving afterwards.
        assertEquals(200, RawHttp.status(RawHttp.get(a, "GET", "/healthz")));
    }

    @Test
    void aFailingRouteIs500WithoutAStackTrace() throws Exception {
        start(Optional.of(RawHttp.ANY_LOOPBACK_PORT), Optional.empty(), Map.of("/boom", () -> {
            throw new IllegalStateException("secret internal detail");
        }));
        String r = RawHttp.get(server.addresses().getFirst(), "GET", "/boom");
        assertEquals(500, RawHttp.status(r));
        assertEquals("500 internal error (see the agent's log)\n", RawHttp.body(r));
    }

    @Test
    void aBusyPortIsAStartupErrorNamingTheFlag() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InetSocketAddress busy = new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort());
            StartupException e = assertThrows(StartupException.class, () -> start(Optional.empty(), Optional.of(busy), Map.of()));
            assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + busy.getPort() + " (--metrics-bind-address): "), e.getMessage());
        }
    }
}
