package masq.app.ops;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Comparator;
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
 * docs/metrics.md. Written in the text format 0.0.4 by {@link Metric} (docs/decisions.md D4).
 *
 * <p>The {@code /metrics} page is rendered here at the end of every iteration (its outcome), on the sync
 * thread, and served as it is, so it always shows whole iterations:
 * the metrics change only through these events, so a scrape renders nothing. That keeps a flood of
 * scrapes cheap (rendering per scrape once made about 6 MB of garbage per scrape of this 4 KB page,
 * docs/benchmarks-http.md). Changes come from the sync thread, and once from the thread that builds the
 * agent; they are serialised on this object.
 */
public final class AgentMetrics implements LoopListener {
    /** Sync durations: an unchanged iptables sync is ~10 ms, a large restore under a busy lock seconds. */
    private static final double[] DURATION_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
    /** The {@code result} labels of {@code ip_masq_agent_syncs_total}, one per kind of {@link SyncOutcome} ({@link #result}). */
    private static final List<String> RESULTS = List.of("synced", "config_invalid", "no_valid_config", "failed");

    private final Clock clock;
    private final LabelledMetric syncs;
    private final HistogramMetric syncDuration;
    private final LabelledMetric lastSuccess;
    private final LabelledMetric consecutiveFailures;
    private final LabelledMetric configLoads;
    private final LabelledMetric policyChanges;
    private final LabelledMetric driftRepairs;
    private final LabelledMetric triggers;
    private final LabelledMetric problems;
    private final LabelledMetric conflicts;
    private final LabelledMetric cidrs;
    private final LabelledMetric foreign;
    /** Every family, in the order of the page: by name. */
    private final List<Metric> all;

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
        syncs = new LabelledMetric(LabelledMetric.Kind.COUNTER, "ip_masq_agent_syncs_total",
                "Sync loop iterations by result: synced, config_invalid (last good policy synced),"
                        + " no_valid_config (nothing applied), failed (backend error).", "result");
        for (String result : RESULTS) {
            syncs.init(result); // every series exists from the start: rate() sees the first one
        }
        syncDuration = new HistogramMetric("ip_masq_agent_sync_duration_seconds",
                "Time the backend took to compare and apply the rules, per sync attempt.", DURATION_BUCKETS);
        lastSuccess = new LabelledMetric(LabelledMetric.Kind.GAUGE, "ip_masq_agent_last_successful_sync_timestamp_seconds",
                "Unix time of the last sync that left the rules in force (synced or config_invalid).");
        consecutiveFailures = new LabelledMetric(LabelledMetric.Kind.GAUGE, "ip_masq_agent_consecutive_sync_failures",
                "Failed syncs since the last successful one.");
        configLoads = new LabelledMetric(LabelledMetric.Kind.COUNTER, "ip_masq_agent_config_loads_total",
                "Config directory reads by result: valid or invalid.", "result");
        configLoads.init("valid");
        configLoads.init("invalid");
        policyChanges = new LabelledMetric(LabelledMetric.Kind.COUNTER, "ip_masq_agent_policy_changes_total",
                "Valid configs that changed the policy to apply (the first one included).");
        driftRepairs = new LabelledMetric(LabelledMetric.Kind.COUNTER, "ip_masq_agent_drift_repairs_total",
                "Syncs that had to change the kernel although the policy had not changed:"
                        + " someone else modified or removed the agent's rules.");
        triggers = new LabelledMetric(LabelledMetric.Kind.COUNTER, "ip_masq_agent_sync_triggers_total",
                "Why sync loop iterations ran: start, periodic (resync interval), config_changed (config"
                        + " directory watch), external_change (the backend saw its rules changed), retry (after a failure),"
                        + " signal (SIGHUP or SIGUSR1).", "trigger");
        for (Trigger t : Trigger.values()) {
            triggers.init(label(t));
        }
        problems = new LabelledMetric(LabelledMetric.Kind.GAUGE, "ip_masq_agent_config_problems",
                "Problems found by the last config load, by kind and severity (error blocks the config).",
                "kind", "severity");
        conflicts = new LabelledMetric(LabelledMetric.Kind.GAUGE, "ip_masq_agent_config_conflicts",
                "Conflicts between config files (or a CIDR both masqueraded and not) in the last load.");
        cidrs = new LabelledMetric(LabelledMetric.Kind.GAUGE, "ip_masq_agent_cidrs",
                "CIDRs of the policy in force by address family and list (non_masquerade, masquerade).", "family", "list");
        foreign = new LabelledMetric(LabelledMetric.Kind.GAUGE, "ip_masq_agent_foreign_masquerade_rules",
                "Other rules on the node (CNI, Docker, Calico, flannel, kubelet, another agent, another nftables"
                        + " table...) that masquerade destinations the policy exempts, by who most likely wrote them.", "kind");
        LabelledMetric backendInfo = new LabelledMetric(LabelledMetric.Kind.INFO, "ip_masq_agent_backend_info",
                "The firewall backend in use; value 1.", "id", "mode", "tool_version");
        backendInfo.init(backend.id(), backend.mode(), backend.toolVersion());
        LabelledMetric build = new LabelledMetric(LabelledMetric.Kind.INFO, "ip_masq_agent_build_info",
                "The agent's version and the Java runtime; value 1.", "java_version", "version");
        build.init(Runtime.version().toString(), version);
        all = java.util.stream.Stream.of(syncs, syncDuration, lastSuccess, consecutiveFailures, configLoads, policyChanges,
                driftRepairs, triggers, problems, conflicts, cidrs, foreign, backendInfo, build)
                .sorted(Comparator.comparing((Metric m) -> m.name)).toList();
        publish();
    }

    /** The {@code /metrics} page (Prometheus text format) as of the last event. */
    byte[] page() {
        return page;
    }

    String contentType() {
        return "text/plain; version=0.0.4; charset=utf-8";
    }

    private void publish() {
        StringBuilder out = new StringBuilder(8192);
        for (Metric m : all) {
            m.write(out);
        }
        page = out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The foreign masquerade rules that shadow our exemptions, by kind (every kind, zeros included). */
    public synchronized void foreignMasquerade(Map<String, Long> byKind) {
        byKind.forEach((kind, n) -> foreign.set(n, kind));
        publish();
    }

    @Override
    public synchronized void on(LoopEvent event) {
        switch (event) {
            case LoopEvent.Started started -> triggers.inc(label(started.trigger()));
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
        configLoads.inc(loaded.valid() ? "valid" : "invalid");
        if (loaded.policyChanged()) {
            policyChanges.inc();
        }
        Map<List<String>, Long> counts = found.stream().collect(Collectors.groupingBy(
                p -> List.of(label(p.kind()), label(p.severity())), Collectors.counting()));
        // Replace the whole set: a problem fixed in the ConfigMap must drop to absent, not stay at its old value.
        problems.clear();
        counts.forEach((labels, n) -> problems.set(n, labels.toArray(String[]::new)));
        conflicts.set(found.stream().filter(p -> p.kind() == ConfigProblem.Kind.CONFLICT).count());
    }

    private void finished(SyncOutcome outcome) {
        syncs.inc(result(outcome));
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
            cidrs.set(on ? policy.nonMasquerade(family).size() : 0, label(family), "non_masquerade");
            cidrs.set(on ? policy.masquerade(family).size() : 0, label(family), "masquerade");
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
