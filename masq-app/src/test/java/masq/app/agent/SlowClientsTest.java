package masq.app.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import masq.api.spi.BackendInfo;
import masq.app.cli.AgentOptions;
import masq.app.cli.ArgParser;
import masq.app.ops.AgentMetrics;
import masq.app.ops.Endpoints;
import masq.app.ops.HealthState;
import masq.app.ops.http.HttpListener;
import masq.app.ops.http.RawHttp;
import masq.app.sync.TestOutcomes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 11 item 2: clients that send half a request and wait must never delay anyone else, on either port,
 * and a flood of them stays within the listener's connection cap without locking a probe out. The server
 * is started exactly as {@code run} starts it (flags, {@link RunCommand#endpoints(AgentOptions, HealthState,
 * AgentMetrics, java.util.function.Supplier, java.time.Clock)}, default limits).
 */
@Timeout(120)
class SlowClientsTest {
    /**
     * A probe's client timeout: the kubelet's is 1 s; this is generous so that a busy machine cannot fail the
     * test, and still far below the 10 s that one slow client used to block every probe for.
     */
    static final int PROBE_TIMEOUT_MILLIS = 5_000;
    static final String PARTIAL = "GET /healthz HTTP/1.1\r\nHost: x\r\n"; // no empty line: the head never ends

    final List<Socket> slow = new ArrayList<>();
    Endpoints server;

    @AfterEach
    void stop() throws IOException {
        for (Socket s : slow) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Health on 127.0.0.1, metrics on 127.0.0.2 (two listeners), random ports, a synced agent. */
    InetSocketAddress[] startAsRunDoes() throws Exception {
        AgentOptions options = AgentOptions.from(ArgParser.parse(List.of("run",
                "--health-bind-address=127.0.0.1:0", "--metrics-bind-address=127.0.0.2:0")));
        HealthState health = new HealthState(RawHttp.CLOCK, 3);
        health.on(TestOutcomes.synced());
        AgentMetrics metrics = new AgentMetrics(RawHttp.CLOCK, new BackendInfo("dryrun", "none", ""), "test");
        server = RunCommand.endpoints(options, health, metrics, () -> Duration.ofSeconds(60), RawHttp.CLOCK);
        assertEquals(2, server.addresses().size());
        return server.addresses().toArray(InetSocketAddress[]::new);
    }

    /** Opens a connection and sends the first part of a request, never the rest. */
    Socket holdPartialRequest(InetSocketAddress a) throws IOException {
        Socket s = new Socket();
        slow.add(s);
        try {
            s.connect(a, PROBE_TIMEOUT_MILLIS);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server stopped accepting after " + (slow.size() - 1) + " slow clients", e);
        }
        s.getOutputStream().write(PARTIAL.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    /** What the kubelet does: a new connection, one GET, a bounded wait for the whole answer. */
    static int probe(InetSocketAddress a, String path) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(a, PROBE_TIMEOUT_MILLIS);
            s.setSoTimeout(PROBE_TIMEOUT_MILLIS);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + a.getPort() + "\r\nUser-Agent: kube-probe/1.33\r\n"
                    + "Accept: */*\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return RawHttp.status(response);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("GET " + path + " got no answer within " + PROBE_TIMEOUT_MILLIS + " ms", e);
        }
    }

    void probesKeepSucceeding(InetSocketAddress health, InetSocketAddress metrics, int rounds) throws IOException {
        for (int i = 0; i < rounds; i++) {
            assertEquals(200, probe(health, "/healthz"), "round " + i);
            assertEquals(200, probe(health, "/readyz"), "round " + i);
            assertEquals(200, probe(metrics, "/metrics"), "round " + i);
        }
    }

    @Test
    void oneUnfinishedRequestDelaysNoProbeOnEitherPort() throws Exception {
        // The reproduction: (printf 'GET /healthz HTTP/1.1\r\n'; sleep 12) | socat - TCP:HOST:10266
        InetSocketAddress[] a = startAsRunDoes();
        holdPartialRequest(a[0]);
        probesKeepSucceeding(a[0], a[1], 3);
    }

    @Test
    void manySlowClientsOnBothPortsDelayNoProbe() throws Exception {
        InetSocketAddress[] a = startAsRunDoes();
        for (int i = 0; i < 100; i++) {
            holdPartialRequest(a[0]);
            holdPartialRequest(a[1]);
        }
        probesKeepSucceeding(a[0], a[1], 20);
        // The slow clients were not dropped to make room: each still gets its answer when it finishes.
        Socket last = slow.getLast();
        last.getOutputStream().write("\r\n".getBytes(StandardCharsets.US_ASCII));
        last.setSoTimeout(PROBE_TIMEOUT_MILLIS);
        assertEquals(404, RawHttp.status(new String(last.getInputStream().readAllBytes(), StandardCharsets.UTF_8)),
                "/healthz is not served on the metrics port");
    }

    @Test
    void aFloodBeyondTheCapClosesTheOldestConnectionsAndNeverLocksAProbeOut() throws Exception {
        InetSocketAddress[] a = startAsRunDoes();
        int cap = HttpListener.Limits.DEFAULT.maxConnections();
        int flood = cap + 72;
        for (int i = 0; i < flood; i++) {
            holdPartialRequest(a[0]);
        }
        probesKeepSucceeding(a[0], a[1], 20);
        // The oldest were closed to make room (at least flood - cap of them; each probe made room too) ...
        for (int i = 0; i < flood - cap; i++) {
            RawHttp.assertClosedByServer(slow.get(i), "slow client " + i);
        }
        // ... and the newest is still being served: it finishes its request and gets the answer.
        Socket newest = slow.getLast();
        newest.getOutputStream().write("\r\n".getBytes(StandardCharsets.US_ASCII));
        newest.setSoTimeout(PROBE_TIMEOUT_MILLIS);
        assertEquals(200, RawHttp.status(new String(newest.getInputStream().readAllBytes(), StandardCharsets.UTF_8)));
    }

}
