package masq.app.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import masq.api.Cidr;
import masq.api.ConfigProblem.Kind;
import masq.api.ConfigProblem.Origin;
import masq.api.ConfigProblem.Severity;
import masq.api.ConfigProblem;
import masq.api.IpFamily;
import masq.api.MasqPolicy;
import masq.api.spi.BackendException;
import masq.api.spi.BackendInfo;
import masq.api.spi.SyncResult;
import masq.app.sync.LoopEvent;
import masq.app.sync.SyncOutcome;
import masq.app.sync.Trigger;
import org.junit.jupiter.api.Test;

/** Metric values after synthetic {@link LoopEvent}s, checked in the exposition text a scrape returns. */
class AgentMetricsTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05.600Z"), ZoneOffset.UTC);
    static final BackendInfo BACKEND = new BackendInfo("iptables", "legacy", "v1.8.10");

    final AgentMetrics metrics = new AgentMetrics(CLOCK, BACKEND, "1.2.3");

    static MasqPolicy policy(boolean ipv6, String... cidrs) {
        List<Cidr> non = Arrays.stream(cidrs).filter(c -> !c.startsWith("!")).map(Cidr::parse).toList();
        List<Cidr> masq = Arrays.stream(cidrs).filter(c -> c.startsWith("!")).map(c -> Cidr.parse(c.substring(1))).toList();
        return new MasqPolicy(ipv6 ? Set.of(IpFamily.IPV4, IpFamily.IPV6) : Set.of(IpFamily.IPV4), non, masq,
                false, false, List.of(), true, "IP-MASQ-AGENT");
    }

    static ConfigProblem problem(Severity severity, Kind kind) {
        return ConfigProblem.of(severity, kind, new Origin("ip-masq-agent", "nonMasqueradeCIDRs[0]", "x"), "bad");
    }

    void synced(MasqPolicy policy, boolean changed) {
        synced(policy, changed, false);
    }

    void synced(MasqPolicy policy, boolean changed, boolean drift) {
        metrics.on(new SyncOutcome.Synced(policy, new SyncResult(changed, ""), drift, Duration.ofMillis(20)));
    }

    void failed(MasqPolicy policy, int inARow) {
        metrics.on(new SyncOutcome.Failed(policy, new BackendException(BackendException.Reason.FAILED, "restore failed"),
                inARow, Duration.ofMillis(300)));
    }

    void configLoaded(List<ConfigProblem> problems, boolean valid, boolean policyChanged) {
        metrics.on(new LoopEvent.ConfigLoaded(problems, valid, policyChanged));
    }

    /** What {@code /metrics} serves: the page rendered at the last event. */
    String scrape() {
        return new String(metrics.page(), StandardCharsets.UTF_8);
    }

    /** The lines of the scrape (HELP, TYPE, samples) of the named families only, in scrape order. */
    String families(String text, String... names) {
        return text.lines().filter(l -> Arrays.stream(names).anyMatch(n -> l.startsWith(n + "{") || l.startsWith(n + " ")
                        || l.startsWith("# HELP " + n + " ") || l.startsWith("# TYPE " + n + " ")))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    /** Only the sample lines of {@link #families}. */
    String samples(String text, String... names) {
        return families(text, names).lines().filter(l -> !l.startsWith("#")).collect(Collectors.joining("\n", "", "\n"));
    }

    /**
     * Start, change the config, drift twice, a warning then a bad config, a failed sync whose retry repairs.
     * The golden file is the exposition text written out by hand.
     */
    @Test
    void aKnownSequenceGivesTheGoldenExposition() throws Exception {
        MasqPolicy first = policy(false, "10.0.0.0/8");
        MasqPolicy second = policy(true, "10.0.0.0/8", "192.168.0.0/16", "fd00::/8", "!10.9.0.0/16");
        configLoaded(List.of(), true, true);
        synced(first, true); // first apply: a policy change, not drift
        configLoaded(List.of(), true, false);
        synced(first, false); // steady state
        configLoaded(List.of(problem(Severity.WARNING, Kind.DUPLICATE)), true, true);
        synced(second, true); // config change
        configLoaded(List.of(problem(Severity.WARNING, Kind.DUPLICATE)), true, false);
        synced(second, true, true); // someone flushed our chain: drift repaired
        configLoaded(List.of(problem(Severity.ERROR, Kind.INVALID_CIDR), problem(Severity.ERROR, Kind.INVALID_CIDR),
                problem(Severity.ERROR, Kind.CONFLICT)), false, false);
        metrics.on(new SyncOutcome.KeptLastGood(second, SyncResult.unchanged(), false, Duration.ofMillis(5)));
        assertEquals("""
                ip_masq_agent_config_conflicts 1.0
                ip_masq_agent_config_problems{kind="conflict",severity="error"} 1.0
                ip_masq_agent_config_problems{kind="invalid_cidr",severity="error"} 2.0
                """, samples(scrape(), "ip_masq_agent_config_problems", "ip_masq_agent_config_conflicts"));
        configLoaded(List.of(), true, false);
        failed(second, 1);
        configLoaded(List.of(), true, false);
        failed(second, 2);

        String text = scrape();
        String expected = Files.readString(Path.of(System.getProperty("basedir", "."), "src/test/resources/golden/metrics-sequence.txt"));
        assertEquals(expected, families(text, "ip_masq_agent_syncs_total", "ip_masq_agent_config_loads_total",
                "ip_masq_agent_policy_changes_total", "ip_masq_agent_drift_repairs_total", "ip_masq_agent_config_problems",
                "ip_masq_agent_config_conflicts", "ip_masq_agent_cidrs", "ip_masq_agent_consecutive_sync_failures",
                "ip_masq_agent_last_successful_sync_timestamp_seconds", "ip_masq_agent_backend_info",
                "ip_masq_agent_sync_duration_seconds_count", "ip_masq_agent_sync_duration_seconds_sum"));
    }

    @Test
    void triggersAreCountedByCause() throws Exception {
        metrics.on(new LoopEvent.Started(Trigger.START));
        metrics.on(new LoopEvent.Started(Trigger.CONFIG_CHANGED));
        metrics.on(new LoopEvent.Started(Trigger.PERIODIC));
        metrics.on(new LoopEvent.Started(Trigger.PERIODIC));
        metrics.on(new LoopEvent.Started(Trigger.SIGNAL));
        // The page is rendered at the end of an iteration, not at its start.
        assertTrue(new String(metrics.page(), StandardCharsets.UTF_8)
                .contains("ip_masq_agent_sync_triggers_total{trigger=\"periodic\"} 0.0"));
        synced(MasqPolicy.defaults(), false);
        assertEquals("""
                ip_masq_agent_sync_triggers_total{trigger="config_changed"} 1.0
                ip_masq_agent_sync_triggers_total{trigger="external_change"} 0.0
                ip_masq_agent_sync_triggers_total{trigger="periodic"} 2.0
                ip_masq_agent_sync_triggers_total{trigger="retry"} 0.0
                ip_masq_agent_sync_triggers_total{trigger="signal"} 1.0
                ip_masq_agent_sync_triggers_total{trigger="start"} 1.0
                """, samples(scrape(), "ip_masq_agent_sync_triggers_total"));
    }

    @Test
    void noValidConfigCountsButRecordsNoDurationAndNoPolicy() throws Exception {
        configLoaded(List.of(problem(Severity.ERROR, Kind.SYNTAX)), false, false);
        metrics.on(new SyncOutcome.NoValidConfig(List.of(problem(Severity.ERROR, Kind.SYNTAX))));
        String text = scrape();
        assertEquals("""
                ip_masq_agent_config_problems{kind="syntax",severity="error"} 1.0
                ip_masq_agent_sync_duration_seconds_count 0
                ip_masq_agent_syncs_total{result="config_invalid"} 0.0
                ip_masq_agent_syncs_total{result="failed"} 0.0
                ip_masq_agent_syncs_total{result="no_valid_config"} 1.0
                ip_masq_agent_syncs_total{result="synced"} 0.0
                """, samples(text, "ip_masq_agent_syncs_total", "ip_masq_agent_sync_duration_seconds_count",
                "ip_masq_agent_config_problems", "ip_masq_agent_cidrs"));
    }

    @Test
    void buildInfoNamesVersionAndJava() throws Exception {
        assertEquals("ip_masq_agent_build_info{java_version=\"" + Runtime.version() + "\",version=\"1.2.3\"} 1\n",
                samples(scrape(), "ip_masq_agent_build_info"));
    }

    /**
     * The whole page after a sequence touching every family (histogram buckets, info, labelled gauges, a
     * problem set replaced by a smaller one, foreign rules, a backend version that needs escaping), byte for
     * byte. The golden file was written by the official Prometheus client (1.10.0, text format 0.0.4) before
     * the agent wrote the format itself (docs/decisions.md D4), so scrapers, recording rules and the dashboard
     * see the same text. The Java version varies by runtime and is replaced.
     */
    @Test
    void theWholePageIsTheTextFormatTheClientWrote() throws Exception {
        AgentMetrics m = new AgentMetrics(CLOCK, new BackendInfo("iptables", "nf_tables", "v1.8.9 \"x\"\\y"), "1.2.3");
        m.foreignMasquerade(new java.util.TreeMap<>(java.util.Map.of("cni", 2L, "docker", 0L)));
        m.on(new LoopEvent.Started(Trigger.START));
        m.on(new LoopEvent.ConfigLoaded(List.of(problem(Severity.ERROR, Kind.CONFLICT), problem(Severity.WARNING,
                Kind.DUPLICATE)), true, true));
        m.on(new SyncOutcome.Synced(policy(true, "10.0.0.0/8", "fd00::/8", "!10.9.0.0/16"), new SyncResult(true, ""),
                false, Duration.ofNanos(3_000_001)));
        m.on(new LoopEvent.Started(Trigger.EXTERNAL_CHANGE));
        m.on(new LoopEvent.ConfigLoaded(List.of(problem(Severity.WARNING, Kind.DUPLICATE)), true, false));
        m.on(new SyncOutcome.Failed(policy(false, "10.0.0.0/8"), new BackendException(BackendException.Reason.FAILED,
                "x"), 1, Duration.ofMillis(2500)));
        m.on(new SyncOutcome.NoValidConfig(List.of(problem(Severity.ERROR, Kind.INVALID_CIDR))));
        String page = new String(m.page(), StandardCharsets.UTF_8)
                .replace("java_version=\"" + Runtime.version() + "\"", "java_version=\"JAVA\"");
        assertEquals(Files.readString(Path.of(System.getProperty("basedir", "."), "src/test/resources/golden/metrics-page.txt")),
                page);
        assertEquals("text/plain; version=0.0.4; charset=utf-8", m.contentType());
    }
}
