package masq.e2e.ops;

import static masq.testlab.NetnsLab.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import masq.testlab.ImageAgent;
import masq.testlab.KernelTests;
import masq.testlab.NetnsLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's Grafana dashboard and Prometheus alert rules name only metrics the agent really exports, and
 * the dashboard shows every metric it exports: the real agent (the image, dry-run backend, in a namespace
 * of its own) is scraped and its names compared with those written in the two files.
 */
class MonitoringAssetsIT {
    static final Path CHART_FILES = Path.of("../deploy/helm/ip-masq-agent/files");
    private static final Pattern NAME = Pattern.compile("ip_masq_agent_[a-z0-9_]*[a-z0-9]");
    private static final Pattern SAMPLE = Pattern.compile("^(ip_masq_agent_[a-z0-9_]+)[{ ]", Pattern.MULTILINE);

    @TempDir
    Path work;

    @Test
    void dashboardAndAlertsNameExportedMetricsOnly() throws Exception {
        KernelTests.assumeKernel();
        ImageAgent.requireImage();
        Path config = Files.createDirectories(work.resolve("config"));
        // An unknown key: ip_masq_agent_config_problems has a series only while a problem exists.
        Files.writeString(config.resolve("ip-masq-agent"), "nonMasqueradeCIDRs: [10.0.0.0/8]\nunknownKey: 1\n");
        String exposition;
        try (NetnsLab lab = NetnsLab.create("mon");
             ImageAgent agent = ImageAgent.launch(work).inNamespace(lab.nodeNs()).start(List.of("run",
                     "--backend=dryrun", "--config-dir", config.toString(), "--lock-file=" + work.resolve("lock")))) {
            Http fromNode = new Http(lab.executorIn(lab.nodeNs()));
            String[] body = {""};
            waitFor(OpsEndpointsIT.START, "a scrape after the first sync", () -> {
                assertTrue(agent.alive(), () -> "the agent exited:\n" + agent.log());
                Http.Response r = fromNode.get("127.0.0.1", 10267, "/metrics");
                body[0] = r.body();
                return r.status() == 200 && body[0].contains("ip_masq_agent_syncs_total{result=\"synced\"} 1");
            });
            exposition = body[0];
        }
        Set<String> exported = new TreeSet<>();
        Matcher m = SAMPLE.matcher(exposition);
        while (m.find()) {
            exported.add(m.group(1));
        }
        assertTrue(exported.contains("ip_masq_agent_sync_duration_seconds_bucket"), "scraped:\n" + exposition);

        Set<String> dashboard = names(Files.readString(CHART_FILES.resolve("grafana-dashboard.json")));
        Set<String> rules = names(Files.readString(CHART_FILES.resolve("prometheus-rules.yaml")));
        assertEquals(Set.of(), minus(dashboard, exported), "dashboard names metrics the agent does not export");
        assertEquals(Set.of(), minus(rules, exported), "alert rules name metrics the agent does not export");

        Set<String> families = new TreeSet<>();
        exported.forEach(s -> families.add(s.replaceAll("_(bucket|sum|count)$", "")));
        Set<String> shown = new TreeSet<>();
        dashboard.forEach(s -> shown.add(s.replaceAll("_(bucket|sum|count)$", "")));
        assertEquals(Set.of(), minus(families, shown), "metrics the agent exports that the dashboard does not show");
    }

    private static Set<String> names(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = NAME.matcher(text);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }
}
