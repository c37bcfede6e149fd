package masq.e2e.ops;

import static masq.testlab.NetnsLab.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import masq.testlab.ImageAgent;
import masq.testlab.KernelTests;
import masq.testlab.NetnsLab;
import masq.testlab.ToolShims;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real agent (the jlinked image, backend iptables-legacy, resync 1 s) in the node namespace of a
 * {@link NetnsLab}: probes and metrics are scraped over real sockets from inside the lab while real
 * events happen — a config change, someone flushing the agent's chain, a bad config, iptables-restore
 * failing — and must move accordingly.
 */
class OpsEndpointsIT {
    static final Duration START = Duration.ofSeconds(60); // a JVM start on a loaded 2-vCPU CI machine
    static final Duration EVENT = Duration.ofSeconds(30);
    static final String NODE_POD_SIDE = "10.244.1.1";
    static final int PROBE_TIMEOUT_MILLIS = 5_000;

    @TempDir
    Path work;
    NetnsLab lab;
    ImageAgent agent;
    Path config;
    Path failRestore;
    Path hangRestore;
    Map<String, String> env;
    Http fromNode;
    Http fromPod;

    @BeforeEach
    void lab() throws Exception {
        KernelTests.assumeKernel("iptables-legacy", "iptables-legacy-restore", "iptables-legacy-save");
        ImageAgent.requireImage();
        config = Files.createDirectories(work.resolve("config"));
        writeConfig("10.0.0.0/8");
        // A PATH whose iptables-legacy-restore fails while one marker file exists, waits while another
        // exists (a hung restore), else runs the real one.
        failRestore = work.resolve("fail-restore");
        hangRestore = work.resolve("hang-restore");
        env = ToolShims.in(work.resolve("shim")).add("iptables-legacy-restore", "if [ -e '" + failRestore + "' ]; then\n"
                + "  echo 'iptables-restore: line 2 failed (injected by the test)' >&2\n  exit 1\nfi\n"
                + "i=0; while [ -e '" + hangRestore + "' ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done\n"
                + "exec '" + KernelTests.which("iptables-legacy-restore") + "' \"$@\"\n").env();
        lab = NetnsLab.create("ops");
        fromNode = new Http(lab.executorIn(lab.nodeNs()));
        fromPod = new Http(lab.executorIn(lab.podNs()));
    }

    @AfterEach
    void cleanup() throws Exception {
        try {
            if (agent != null) {
                agent.close();
            }
        } finally {
            if (lab != null) {
                lab.close();
            }
        }
    }

    void writeConfig(String... nonMasquerade) throws Exception {
        StringBuilder yaml = new StringBuilder("resyncInterval: 1s\nnonMasqueradeCIDRs:\n");
        for (String c : nonMasquerade) {
            yaml.append("  - ").append(c).append('\n');
        }
        // Write then rename, as a ConfigMap update does: the agent never reads a half-written file.
        Path tmp = work.resolve("ip-masq-agent.tmp");
        Files.writeString(tmp, yaml);
        Files.move(tmp, config.resolve("ip-masq-agent"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    void startAgent(String... extra) throws Exception {
        // Our own lock file (never the node's /run/ip-masq-agent.lock); unhealthy after 3 failed syncs.
        List<String> args = new ArrayList<>(List.of("run", "--backend=iptables-legacy", "--resync-interval=1s",
                "--config-dir", config.toString(), "--lock-file=" + work.resolve("agent.lock"), "--max-sync-failures=3"));
        args.addAll(List.of(extra));
        agent = ImageAgent.launch(work).inNamespace(lab.nodeNs()).env(env).start(args);
    }

    String metrics() {
        Http.Response r = fromNode.get("127.0.0.1", 10267, "/metrics");
        assertEquals(200, r.status(), r.body());
        return r.body();
    }

    double metric(String series) {
        return Http.sample(metrics(), series).orElseThrow(() -> new AssertionError("no sample " + series));
    }

    void waitForMetric(String what, String series, java.util.function.DoublePredicate condition) {
        waitFor(EVENT, what + " (" + series + ")", () -> {
            assertTrue(agent.alive(), () -> "the agent exited:\n" + agent.log());
            return Http.sample(metrics(), series).stream().anyMatch(condition);
        });
    }

    /** Waits for the agent's first /readyz 200 on {@code host}:10266, as seen from that client's namespace. */
    void awaitReady(Http client, String host) {
        waitFor(START, "/readyz 200 on " + host, () -> {
            assertTrue(agent.alive(), () -> "the agent exited:\n" + agent.log());
            return status(client, host, 10266, "/readyz") == 200;
        });
    }

    int status(Http client, String host, int port, String path) {
        return client.get(host, port, path).status();
    }

    void flushOurChain() {
        lab.commands(lab.nodeNs()).check("iptables-legacy", "-w", "5", "-t", "nat", "-F", "IP-MASQ-AGENT");
    }

    @Test
    void probesAndMetricsFollowRealEvents() throws Exception {
        startAgent("--health-bind-address=" + NODE_POD_SIDE + ":10266", "--metrics-bind-address=127.0.0.1:10267");
        // Readiness as kubelet sees it: from outside the node's loopback, on the node's address.
        awaitReady(fromPod, NODE_POD_SIDE);
        assertEquals(200, status(fromPod, NODE_POD_SIDE, 10266, "/healthz"));
        assertEquals(404, status(fromPod, NODE_POD_SIDE, 10266, "/metrics"), "metrics are on their own address");
        assertEquals(-1, status(fromPod, NODE_POD_SIDE, 10267, "/metrics"), "metrics listen on the node's loopback only");
        String first = metrics();
        assertTrue(first.contains("ip_masq_agent_backend_info{id=\"iptables-legacy\",mode=\"legacy\",tool_version=\"iptables v1."), first);
        assertEquals(1.0, Http.sample(first, "ip_masq_agent_cidrs{family=\"ipv4\",list=\"non_masquerade\"}").orElseThrow());
        assertEquals(1.0, Http.sample(first, "ip_masq_agent_policy_changes_total").orElseThrow());
        assertEquals(0.0, Http.sample(first, "ip_masq_agent_drift_repairs_total").orElseThrow());

        // A config change: the CIDR gauge and the policy-change counter follow.
        writeConfig("10.0.0.0/8", "192.168.0.0/16");
        waitForMetric("the new config in force", "ip_masq_agent_cidrs{family=\"ipv4\",list=\"non_masquerade\"}", v -> v == 2);
        assertEquals(2.0, metric("ip_masq_agent_policy_changes_total"));
        assertEquals(0.0, metric("ip_masq_agent_drift_repairs_total"), "a config change is not drift");

        // Drift: someone flushes our chain; the next resync repairs it and counts one repair.
        flushOurChain();
        waitForMetric("a drift repair", "ip_masq_agent_drift_repairs_total", v -> v >= 1);
        assertTrue(lab.commands(lab.nodeNs()).check("iptables-legacy-save", "-t", "nat").contains("-A IP-MASQ-AGENT -d 192.168.0.0/16"));

        // A bad config: problems counted by kind, the last good policy stays applied, still ready.
        writeConfig("10.0.0.0/33");
        waitForMetric("the bad config seen", "ip_masq_agent_config_problems{kind=\"invalid_cidr\",severity=\"error\"}", v -> v == 1);
        waitForMetric("syncs of the last good policy", "ip_masq_agent_syncs_total{result=\"config_invalid\"}", v -> v >= 2);
        assertEquals(200, status(fromPod, NODE_POD_SIDE, 10266, "/readyz"));
        assertEquals(2.0, metric("ip_masq_agent_cidrs{family=\"ipv4\",list=\"non_masquerade\"}"));

        // A failing apply: iptables-restore fails while the chain needs repair. Not ready at once, not live
        // after 3 failures in a row; the failures are counted.
        Files.createFile(failRestore);
        flushOurChain();
        waitForMetric("failed syncs", "ip_masq_agent_syncs_total{result=\"failed\"}", v -> v >= 1);
        assertEquals(503, status(fromPod, NODE_POD_SIDE, 10266, "/readyz"));
        waitFor(EVENT, "/healthz 503 after 3 failed syncs", () -> status(fromPod, NODE_POD_SIDE, 10266, "/healthz") == 503);
        assertTrue(metric("ip_masq_agent_consecutive_sync_failures") >= 3);

        // Recovery: restore works again and the config is fixed (same policy as before: the repair is drift).
        double repairs = metric("ip_masq_agent_drift_repairs_total");
        Files.delete(failRestore);
        writeConfig("10.0.0.0/8", "192.168.0.0/16");
        waitFor(EVENT, "/readyz 200 again", () -> status(fromPod, NODE_POD_SIDE, 10266, "/readyz") == 200);
        assertEquals(200, status(fromPod, NODE_POD_SIDE, 10266, "/healthz"));
        assertEquals(repairs + 1, metric("ip_masq_agent_drift_repairs_total"));
        assertEquals(0.0, metric("ip_masq_agent_consecutive_sync_failures"));
        assertTrue(Http.sample(metrics(), "ip_masq_agent_config_problems{kind=\"invalid_cidr\",severity=\"error\"}").isEmpty(),
                "a fixed problem disappears from the gauge");

        // The log named the bad value once (file, field, value), although it was synced around many times.
        String log = agent.log();
        assertEquals(1, count(log, "ERROR SyncLoop: config error: ip-masq-agent: nonMasqueradeCIDRs[0]: \"10.0.0.0/33\""), log);
    }

    @Test
    void defaultsServeHealthOnEveryAddressAndSteadyStateLogsAreQuietJson() throws Exception {
        startAgent("--log-format=json");
        awaitReady(fromNode, "127.0.0.1");
        assertEquals(200, status(fromPod, NODE_POD_SIDE, 10266, "/healthz"), "0.0.0.0: every address of the node");
        assertEquals(-1, status(fromPod, NODE_POD_SIDE, 10267, "/metrics"), "metrics default to the loopback");
        // Five more resyncs at 1 s: steady state.
        double now = metric("ip_masq_agent_syncs_total{result=\"synced\"}");
        waitForMetric("five steady-state resyncs", "ip_masq_agent_syncs_total{result=\"synced\"}", v -> v >= now + 5);

        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : agent.log().lines().toList()) {
            JsonNode node = json.readTree(line); // throws on anything that is not exactly one JSON value
            assertTrue(node.isObject() && node.has("time") && node.has("level") && node.has("logger") && node.has("msg"), line);
            lines.add(node);
        }
        int firstSync = -1;
        for (int i = 0; i < lines.size() && firstSync < 0; i++) {
            if (lines.get(i).get("msg").asText().startsWith("rules synced:")) {
                firstSync = i;
            }
        }
        assertTrue(firstSync >= 0, agent.log());
        // Five resyncs later, a message logged per resync would be there five times; one-time messages after
        // the first sync (e.g. another backend's leftovers removed) are fine.
        Map<String, Long> infoAfter = lines.subList(firstSync + 1, lines.size()).stream()
                .filter(n -> !n.get("level").asText().matches("DEBUG|TRACE"))
                .collect(java.util.stream.Collectors.groupingBy(n -> n.get("logger").asText() + ": " + n.get("msg").asText(),
                        java.util.stream.Collectors.counting()));
        assertEquals(Map.of(), Map.copyOf(java.util.stream.Stream.of(infoAfter).flatMap(m -> m.entrySet().stream())
                        .filter(e -> e.getValue() > 1).collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))),
                "nothing at INFO or above repeated per resync in steady state: " + infoAfter);
    }

    @Test
    void aHungApplyTurnsReadinessOffUntilItEnds() throws Exception {
        startAgent("--health-bind-address=" + NODE_POD_SIDE + ":10266");
        awaitReady(fromPod, NODE_POD_SIDE);
        // iptables-restore hangs (before touching the kernel) while a new config waits to be applied.
        Files.createFile(hangRestore);
        try {
            writeConfig("10.0.0.0/8", "172.16.0.0/12");
            waitFor(EVENT, "/readyz 503 while the apply hangs", () -> {
                Http.Response r = fromPod.get(NODE_POD_SIDE, 10266, "/readyz");
                return r.status() == 503 && r.body().startsWith("not ready: a sync has been running for ")
                        && r.body().endsWith("(limit 10s); the new config is not applied yet, the previous rules stay in force\n");
            });
            assertFalse(lab.commands(lab.nodeNs()).check("iptables-legacy-save", "-t", "nat").contains("172.16.0.0/12"),
                    "the new config is indeed not in force");
        } finally {
            Files.deleteIfExists(hangRestore);
        }
        waitFor(EVENT, "/readyz 200 once the apply went through", () -> status(fromPod, NODE_POD_SIDE, 10266, "/readyz") == 200);
        assertTrue(lab.commands(lab.nodeNs()).check("iptables-legacy-save", "-t", "nat").contains("-A IP-MASQ-AGENT -d 172.16.0.0/12"));
    }

    @Test
    void slowClientsOnBothPortsDelayNoProbeOfTheImage() throws Exception {
        startAgent("--health-bind-address=" + NODE_POD_SIDE + ":10266", "--metrics-bind-address=127.0.0.1:10267");
        awaitReady(fromPod, NODE_POD_SIDE);
        List<java.net.Socket> slow = new ArrayList<>();
        try {
            // 600 per port: more than a listener's 512 connections, so the oldest are closed to make room.
            for (int i = 0; i < 600; i++) {
                slow.add(fromPod.holdPartialRequest(NODE_POD_SIDE, 10266));
                slow.add(fromNode.holdPartialRequest("127.0.0.1", 10267));
            }
            // Probes with a short client timeout (generous for a busy machine; the old failure was a 10 s block).
            for (int round = 0; round < 10; round++) {
                assertEquals(200, fromPod.get(NODE_POD_SIDE, 10266, "/healthz", PROBE_TIMEOUT_MILLIS).status(), "round " + round);
                assertEquals(200, fromPod.get(NODE_POD_SIDE, 10266, "/readyz", PROBE_TIMEOUT_MILLIS).status(), "round " + round);
                assertEquals(200, fromNode.get("127.0.0.1", 10267, "/metrics", PROBE_TIMEOUT_MILLIS).status(), "round " + round);
            }
        } finally {
            for (java.net.Socket s : slow) {
                s.close();
            }
        }
        assertEquals(1, count(agent.log(), "HttpConnections: HTTP connections on " + NODE_POD_SIDE + ":10266 reached the limit of 512"),
                agent.log());
        assertTrue(agent.alive());
    }

    static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
