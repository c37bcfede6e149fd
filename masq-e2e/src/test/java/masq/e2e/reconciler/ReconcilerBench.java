package masq.e2e.reconciler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import masq.testlab.Bench;
import masq.testlab.ImageAgent;
import masq.testlab.KernelTests;
import masq.testlab.KubeletConfigMap;
import masq.testlab.NetnsLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconciler benchmark (run by scripts/bench-reconciler.sh; skipped otherwise, see {@link Bench}).
 *
 * <ul>
 *   <li>Latency: kubelet-style {@code ..data} swaps; from the instant right after the rename to the
 *       timestamp of the agent's {@code rules synced} log line (JSON logs, logged after the backend's
 *       restore returned, i.e. the rules are in the kernel). Same host clock for both.
 *   <li>Churn: 10 config changes a second for 60 s; the kernel must end on the last config; RSS of the
 *       agent at start, middle and end.
 * </ul>
 * Results are written as Markdown to {@code -Dbench.out}.
 */
class ReconcilerBench {
    static final Pattern SYNCED = Pattern.compile("\\{\"time\":\"([^\"]+)\",\"level\":\"INFO\",\"logger\":\"[^\"]*SyncLoop\",\"msg\":\"rules synced");
    static final Pattern STARTED = Pattern.compile("\\{\"time\":\"([^\"]+)\",\"level\":\"DEBUG\",\"logger\":\"[^\"]*SyncLoop\",\"msg\":\"sync started \\(CONFIG_CHANGED\\)");
    static final List<String> BACKENDS = List.of("iptables-legacy", "iptables-nft", "nftables");
    static final int SWAPS = Bench.parameter("bench.swaps", 100);
    static final Duration CHURN = Duration.ofSeconds(Bench.parameter("bench.churn.seconds", 60));

    @TempDir
    Path tmp;

    static String config(int n) {
        return "nonMasqueradeCIDRs:\n  - 10.0.0.0/8\n  - 100.64." + (n / 256 % 256) + "." + (n % 256) + "/32\nresyncInterval: 1h\n";
    }

    @Test
    void latencyAndChurn() throws Exception {
        Path out = Bench.out("bench-reconciler.sh");
        KernelTests.assumeKernel("iptables-legacy", "iptables-nft", "nft");
        StringBuilder md = new StringBuilder();
        md.append("## Swap latency (`..data` rename -> rules in the kernel), ").append(SWAPS).append(" swaps per backend\n\n")
                .append("| backend | p50 ms | p90 ms | p99 ms | max ms | of which watch + quiet period: p50 / p99 ms | sync (load, read, write): p50 / p99 ms |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (String backend : BACKENDS) {
            List<double[]> r = latency(backend);
            List<Double> ms = r.stream().map(x -> x[0]).toList();
            List<Double> watch = r.stream().map(x -> x[1]).toList();
            List<Double> sync = r.stream().map(x -> x[0] - x[1]).toList();
            md.append("| ").append(backend).append(" | ").append(pct(ms, 50)).append(" | ").append(pct(ms, 90))
                    .append(" | ").append(pct(ms, 99)).append(" | ").append(pct(ms, 100)).append(" | ")
                    .append(pct(watch, 50)).append(" / ").append(pct(watch, 99)).append(" | ")
                    .append(pct(sync, 50)).append(" / ").append(pct(sync, 99)).append(" |\n");
        }
        md.append("\n## Churn: 10 changes/s for ").append(CHURN.toSeconds()).append(" s\n\n")
                .append("| backend | changes | syncs that wrote | ended on the last config | RSS start MB | RSS middle MB | RSS end MB |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (String backend : BACKENDS) {
            md.append(churn(backend)).append('\n');
        }
        Files.writeString(out, md.toString());
        System.out.println(md);
    }

    private ImageAgent start(NetnsLab lab, KubeletConfigMap map, String backend, String name) throws IOException {
        return ImageAgent.launch(tmp).inNamespace(lab.nodeNs()).start(List.of("--backend=" + backend,
                "--config-dir", map.dir().toString(), "--lock-file", tmp.resolve(name + ".lock").toString(),
                "--resync-interval=1h", "--log-format=json", "--v=4"));
    }

    /** Whether the kernel holds the config with this number (its /32 exemption). */
    static boolean holds(NetnsLab lab, String backend, int n) {
        String address = "100.64." + (n / 256 % 256) + "." + (n % 256);
        if (backend.equals("nftables")) {
            return Pattern.compile(Pattern.quote(address) + "(?![\\d.])")
                    .matcher(lab.commands(lab.nodeNs()).check("nft", "list", "table", "inet", "ip-masq-agent")).find();
        }
        return lab.commands(lab.nodeNs()).check(backend + "-save", "-t", "nat").contains("-d " + address + "/32 ");
    }

    /** Per swap: {total ms, ms until the sync started}. */
    private List<double[]> latency(String mode) throws Exception {
        try (NetnsLab lab = NetnsLab.create("rbench")) {
            KubeletConfigMap map = KubeletConfigMap.create(tmp.resolve("lat-" + mode), Map.of("ip-masq-agent", config(0)));
            try (ImageAgent a = start(lab, map, mode, "lat-" + mode)) {
                a.awaitLog("rules synced");
                List<double[]> ms = new ArrayList<>();
                for (int i = 1; i <= SWAPS; i++) {
                    long before = a.count("rules synced");
                    int started = times(STARTED, a.log()).size();
                    Instant visible = map.update(Map.of("ip-masq-agent", config(i)));
                    a.awaitLog("rules synced", before + 1, Duration.ofSeconds(30));
                    String log = a.log();
                    ms.add(new double[] {Duration.between(visible, times(SYNCED, log).get((int) before)).toNanos() / 1e6,
                            Duration.between(visible, times(STARTED, log).get(started)).toNanos() / 1e6});
                }
                if (!holds(lab, mode, SWAPS)) {
                    throw new AssertionError("the kernel does not hold the last config");
                }
                return ms;
            }
        }
    }

    private String churn(String mode) throws Exception {
        try (NetnsLab lab = NetnsLab.create("rbench")) {
            KubeletConfigMap map = KubeletConfigMap.create(tmp.resolve("churn-" + mode), Map.of("ip-masq-agent", config(0)));
            try (ImageAgent a = start(lab, map, mode, "churn-" + mode)) {
                a.awaitLog("rules synced");
                long rssStart = rssKb(a.pid());
                long rssMiddle = 0;
                int changes = 0;
                long t0 = System.nanoTime();
                long period = Duration.ofMillis(100).toNanos();
                while (System.nanoTime() - t0 < CHURN.toNanos()) {
                    changes++;
                    map.update(Map.of("ip-masq-agent", config(changes)));
                    if (rssMiddle == 0 && System.nanoTime() - t0 >= CHURN.toNanos() / 2) {
                        rssMiddle = rssKb(a.pid());
                    }
                    long next = t0 + changes * period;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(Duration.ofNanos(wait)); // pacing of the load generator, not a wait for a result
                    }
                }
                int last = changes;
                boolean ended;
                try {
                    NetnsLab.waitFor(Duration.ofSeconds(30), "the last config in the kernel", () -> holds(lab, mode, last));
                    ended = true;
                } catch (AssertionError e) {
                    ended = false;
                }
                long rssEnd = rssKb(a.pid());
                return "| " + mode + " | " + changes + " | " + a.count("rules synced") + " | " + (ended ? "yes" : "NO")
                        + " | " + mb(rssStart) + " | " + mb(rssMiddle) + " | " + mb(rssEnd) + " |";
            }
        }
    }

    static List<Instant> times(Pattern p, String log) {
        List<Instant> out = new ArrayList<>();
        Matcher m = p.matcher(log);
        while (m.find()) {
            out.add(Instant.parse(m.group(1)));
        }
        return out;
    }

    static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }

    static String mb(long kb) {
        return String.format(java.util.Locale.ROOT, "%.1f", kb / 1024.0);
    }

    static String pct(List<Double> values, int p) {
        return String.format(java.util.Locale.ROOT, "%.1f", Bench.percentile(values, p));
    }
}
