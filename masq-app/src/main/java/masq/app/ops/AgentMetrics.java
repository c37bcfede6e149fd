package masq.app.ops;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import masq.api.ConfigProblem;
import masq.api.IpFamily;
import masq.api.MasqPolicy;
import masq.api.spi.BackendInfo;
import masq.app.sync.LoopEvent;
import masq.app.sync.LoopListener;
import masq.app.sync.SyncOutcome;
import masq.app.sync.Trigger;

/**
 * The agent's Prometheus metrics, fed by the sync loop's {@link LoopEvent}s; every metric is documented in
 * docs/metrics.md.
 * Owns its registry (never the client's global default), so tests and the server see exactly these.
 *
 * <p>The {@code /metrics} page is rendered here at the end of every iteration (its outcome), on the sync
 * thread, and served as it is, so it always shows whole iterations:
 * the metrics change only through these events, so a scrape renders nothing. That keeps a flood of
 * scrapes cheap, and keeps rendering off the HTTP listener's virtual threads, where the JDK's
 * {@code BufferedWriter} (which the Prometheus writer uses) starts with 512 chars and grows write by write:
 * about 6 MB of garbage per scrape of this 4 KB page (measured, docs/benchmarks-http.md).
 */
public final class AgentMetrics implements LoopListener {
    /** Sync durations: an unchanged iptables sync is ~10 ms, a large restore under a busy lock seconds. */
    private static final double[] DURATION_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
    /** The {@code result} labels of {@code ip_masq_agent_syncs_total}, one per kind of {@link SyncOutcome} ({@link #result}). */
    private static final List<String> RESULTS = List.of("synced", "config_invalid", "no_valid_config", "failed");

    private final Clock clock;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter syncs;
    private final Histogram syncDuration;
    private final Gauge lastSuccess;
    private final Gauge consecutiveFailures;
    private final Counter configLoads;
    private final Counter policyChanges;
    private final Counter driftRepairs;
    private final Counter triggers;
    private final Gauge problems;
    private final Gauge conflicts;
    private final Gauge cidrs;
    private final Gauge foreign;
    private final Info backendInfo;

    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private volatile byte[] page;

    /** The policy the CIDR gauges show; only the sync thread touches it. */
    private MasqPolicy recorded;

    /**
     * @param clock   for the last-success timestamp
     * @param backend what {@code backend_info} reports
     * @param version the agent's version, for {@code build_info}
     */
    public AgentMetrics(Clock clock, BackendInfo backend, String version) {
        this.clock = clock;
        syncs = Counter.builder().name("ip_masq_agent_syncs_total").labelNames("result")
                .help("Sync loop iterations by result: synced, config_invalid (last good policy synced),"
                        + " no_valid_config (nothing applied), failed (backend error).")
                .withoutExemplars().register(registry);
        for (String result : RESULTS) {
            syncs.initLabelValues(result); // every series exists from the start: rate() sees the first one
        }
        syncDuration = Histogram.builder().name("ip_masq_agent_sync_duration_seconds")
                .help("Time the backend took to compare and apply the rules, per sync attempt.")
                .classicOnly().classicUpperBounds(DURATION_BUCKETS).withoutExemplars().register(registry);
        lastSuccess = Gauge.builder().name("ip_masq_agent_last_successful_sync_timestamp_seconds")
                .help("Unix time of the last sync that left the rules in force (synced or config_invalid).")
                .withoutExemplars().register(registry);
        consecutiveFailures = Gauge.builder().name("ip_masq_agent_consecutive_sync_failures")
                .help("Failed syncs since the last successful one.").withoutExemplars().register(registry);
        configLoads = Counter.builder().name("ip_masq_agent_config_loads_total").labelNames("result")
                .help("Config directory reads by result: valid or invalid.").withoutExemplars().register(registry);
        configLoads.initLabelValues("valid");
        configLoads.initLabelValues("invalid");
        policyChanges = Counter.builder().name("ip_masq_agent_policy_changes_total")
                .help("Valid configs that changed the policy to apply (the first one included).")
                .withoutExemplars().register(registry);
        driftRepairs = Counter.builder().name("ip_masq_agent_drift_repairs_total")
                .help("Syncs that had to change the kernel although the policy had not changed:"
                        + " someone else modified or removed the agent's rules.")
                .withoutExemplars().register(registry);
        triggers = Counter.builder().name("ip_masq_agent_sync_triggers_total").labelNames("trigger")
                .help("Why sync loop iterations ran: start, periodic (resync interval), config_changed (config"
                        + " directory watch), external_change (the backend saw its rules changed), retry (after a failure),"
                        + " signal (SIGHUP or SIGUSR1).")
                .withoutExemplars().register(registry);
        for (Trigger t : Trigger.values()) {
            triggers.initLabelValues(label(t));
        }
        problems = Gauge.builder().name("ip_masq_agent_config_problems").labelNames("kind", "severity")
                .help("Problems found by the last config load, by kind and severity (error blocks the config).")
                .withoutExemplars().register(registry);
        conflicts = Gauge.builder().name("ip_masq_agent_config_conflicts")
                .help("Conflicts between config files (or a CIDR both masqueraded and not) in the last load.")
                .withoutExemplars().register(registry);
        cidrs = Gauge.builder().name("ip_masq_agent_cidrs").labelNames("family", "list")
                .help("CIDRs of the policy in force by address family and list (non_masquerade, masquerade).")
                .withoutExemplars().register(registry);
        foreign = Gauge.builder().name("ip_masq_agent_foreign_masquerade_rules").labelNames("kind")
                .help("Other rules on the node (CNI, Docker, Calico, flannel, kubelet, another agent, another nftables"
                        + " table...) that masquerade destinations the policy exempts, by who most likely wrote them.")
                .withoutExemplars().register(registry);
        backendInfo = Info.builder().name("ip_masq_agent_backend_info").labelNames("id", "mode", "tool_version")
                .help("The firewall backend in use; value 1.").register(registry);
        backendInfo.setLabelValues(backend.id(), backend.mode(), backend.toolVersion());
        Info build = Info.builder().name("ip_masq_agent_build_info").labelNames("version", "java_version")
                .help("The agent's version and the Java runtime; value 1.").register(registry);
        build.setLabelValues(version, Runtime.version().toString());
        publish();
    }

    PrometheusRegistry registry() {
        return registry;
    }

    /** The {@code /metrics} page (Prometheus text format) as of the last event. */
    byte[] page() {
        return page;
    }

    String contentType() {
        return writer.getContentType();
    }

    private void publish() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
        }
        page = out.toByteArray();
    }

    /** The foreign masquerade rules that shadow our exemptions, by kind (every kind, zeros included). */
    public void foreignMasquerade(Map<String, Long> byKind) {
        byKind.forEach((kind, n) -> foreign.labelValues(kind).set(n));
        publish();
    }

    @Override
    public void on(LoopEvent event) {
        switch (event) {
            case LoopEvent.Started started -> triggers.labelValues(label(started.trigger())).inc();
            case LoopEvent.ConfigLoaded loaded -> configLoaded(loaded);
            case SyncOutcome outcome -> finished(outcome);
        }
        if (event instanceof SyncOutcome) {
            // Once per iteration, at its end: Started and ConfigLoaded come before the backend's sync, and
            // rendering the page there delayed every change. Between them the page shows the last iteration.
            publish();
        }
    }

    private void configLoaded(LoopEvent.ConfigLoaded loaded) {
        List<ConfigProblem> found = loaded.problems();
        configLoads.labelValues(loaded.valid() ? "valid" : "invalid").inc();
        if (loaded.policyChanged()) {
            policyChanges.inc();
        }
        Map<List<String>, Long> counts = found.stream().collect(Collectors.groupingBy(
                p -> List.of(label(p.kind()), label(p.severity())), Collectors.counting()));
        // Replace the whole set: a problem fixed in the ConfigMap must drop to absent, not stay at its old value.
        problems.clear();
        counts.forEach((labels, n) -> problems.labelValues(labels.toArray(String[]::new)).set(n));
        conflicts.set(found.stream().filter(p -> p.kind() == ConfigProblem.Kind.CONFLICT).count());
    }

    private void finished(SyncOutcome outcome) {
        syncs.labelValues(result(outcome)).inc();
        switch (outcome) {
            case SyncOutcome.InForce inForce -> {
                if (inForce.drift()) {
                    driftRepairs.inc();
                }
                syncDuration.observe(inForce.took().toNanos() / 1e9);
                lastSuccess.set(clock.millis() / 1000.0);
                recordPolicy(inForce.policy());
            }
            // A failed sync leaves the old rules (backends apply atomically): the CIDR gauges keep what was applied.
            case SyncOutcome.Failed failed -> syncDuration.observe(failed.took().toNanos() / 1e9);
            case SyncOutcome.NoValidConfig none -> { }
        }
        consecutiveFailures.set(outcome.consecutiveFailures());
    }

    private void recordPolicy(MasqPolicy policy) {
        if (policy == recorded) {
            return; // the loop reuses the policy of an unchanged config: counting 10 000 CIDRs again is waste
        }
        recorded = policy;
        for (IpFamily family : IpFamily.values()) {
            boolean on = policy.enabled(family);
            cidrs.labelValues(label(family), "non_masquerade").set(on ? policy.nonMasquerade(family).size() : 0);
            cidrs.labelValues(label(family), "masquerade").set(on ? policy.masquerade(family).size() : 0);
        }
    }

    static String result(SyncOutcome outcome) {
        return switch (outcome) {
            case SyncOutcome.Synced s -> "synced";
            case SyncOutcome.KeptLastGood k -> "config_invalid";
            case SyncOutcome.NoValidConfig n -> "no_valid_config";
            case SyncOutcome.Failed f -> "failed";
        };
    }

    private static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
