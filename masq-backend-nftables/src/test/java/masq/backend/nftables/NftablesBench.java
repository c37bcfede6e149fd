package masq.backend.nftables;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import masq.api.Cidr;
import masq.api.MasqPolicy;
import masq.api.spi.CommandRunner;
import masq.testlab.Bench;
import masq.testlab.KernelTests;
import masq.testlab.LabCommands;
import masq.testlab.NetnsLab;
import org.junit.jupiter.api.Test;

/**
 * Not a test: the benchmark behind scripts/bench-nftables.sh (skipped otherwise, see {@link Bench}).
 * Asserts nothing; writes medians and ratios measured in one run to {@code -Dbench.out} (markdown).
 */
class NftablesBench {

    private static final int[] SIZES = {10, 100, 1_000, 10_000};
    private final StringBuilder md = new StringBuilder();

    @Test
    void run() throws Exception {
        Path out = Bench.out("bench-nftables.sh");
        KernelTests.assumeKernel("nft", "iptables-legacy-restore", "conntrack");
        try (NetnsLab lab = NetnsLab.create("nftb")) {
            apply(lab);
            dataplane(lab);
        }
        Files.writeString(out, md.toString());
    }

    private void apply(NetnsLab lab) throws Exception {
        ExecutorService node = lab.executorIn(lab.nodeNs());
        LabCommands nodeCmd = lab.commands(lab.nodeNs());
        Libnftables lib = node.submit(Libnftables::open).get();
        NftCli cli = new NftCli(nodeCmd, Duration.ofSeconds(60), "");
        NftablesBackend viaLib = new NftablesBackend(lib, node.submit(() -> NetlinkNftables.open(lib)).get(), RulesetWatcher.NONE);
        md.append("## Apply: one atomic replace of table inet ip-masq-agent (wall ms, median)\n\n")
                .append("| CIDRs | in-process, back-to-back | in-process libnftables | spawned `nft -f -` (backend CLI path) | raw `nft -f FILE` | ")
                .append("spawned / raw | no-op sync in-process (generation check; a read every 10th) |\n|---|---|---|---|---|---|---|\n");
        for (int n : SIZES) {
            MasqPolicy policy = Policies.manyCidrs(n);
            String script = viaLib.render(policy).payloads().getFirst().text();
            Path file = Files.createTempFile("nft-bench", ".nft");
            Files.writeString(file, script);
            int iterations = n >= 10_000 ? 15 : 41;
            node.submit(() -> viaLib.sync(policy)).get();
            // Round-robin, so the load of this shared machine hits every variant alike.
            double[] m = medians(iterations, List.of(
                    () -> node.submit(() -> check(lib.run(script))).get(),
                    () -> check(cli.run(script)),
                    () -> check(nodeCmd.run(List.of("nft", "-f", file.toString()), "", Duration.ofSeconds(60))),
                    () -> node.submit(() -> viaLib.sync(policy)).get()));
            // The agent's real pattern: it is the only writer, one replace after another.
            double alone = medians(iterations, List.of(() -> node.submit(() -> check(lib.run(script))).get()))[0];
            double inProcess = m[0];
            double spawned = m[1];
            double raw = m[2];
            double noop = m[3];
            Files.delete(file);
            md.append(String.format("| %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |%n", n, alone, inProcess, spawned, raw,
                    spawned / raw, noop));
        }
        node.submit(() -> {
            viaLib.cleanup();
            lib.close();
            return null;
        }).get();
        md.append("\n");
    }

    private void dataplane(NetnsLab lab) throws Exception {
        LabCommands nodeCmd = lab.commands(lab.nodeNs());
        nodeCmd.check("ip", "route", "add", "198.18.0.0/15", "via", NetnsLab.EXT_V4);
        lab.commands(lab.extNs()).check("ip", "route", "add", "blackhole", "198.18.0.0/15");
        ExecutorService node = lab.executorIn(lab.nodeNs());
        Libnftables lib = node.submit(Libnftables::open).get();
        NftablesBackend nft = new NftablesBackend(lib, node.submit(() -> NetlinkNftables.open(lib)).get(), RulesetWatcher.NONE);
        int flows = 40_000;
        md.append("## Dataplane: new UDP flows per second through the node (each packet a new conntrack entry, ")
                .append("masqueraded, after walking every CIDR), median of 6 interleaved rounds x ").append(flows).append(" flows\n\n")
                .append("| CIDRs | nftables (interval set) | relative to its 0 | iptables-legacy (linear chain) | ")
                .append("relative to its 0 | nft / legacy |\n|---|---|---|---|---|---|\n");
        int[] sizes = {0, 1_000, 10_000};
        List<List<Double>> nftRates = new ArrayList<>();
        List<List<Double>> legacyRates = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            nftRates.add(new ArrayList<>());
            legacyRates.add(new ArrayList<>());
        }
        // Rounds over every configuration, so slow phases of this shared machine hit all of them alike.
        for (int round = 0; round < 7; round++) {
            for (int i = 0; i < sizes.length; i++) {
                MasqPolicy policy = Policies.manyCidrs(sizes[i]);
                node.submit(() -> nft.sync(policy)).get();
                double nftRate = flowRate(lab, flows);
                node.submit(() -> {
                    nft.cleanup();
                    return null;
                }).get();
                check(nodeCmd.run(List.of("iptables-legacy-restore"), legacyChain(policy), Duration.ofSeconds(60)));
                double legacyRate = flowRate(lab, flows);
                nodeCmd.check("iptables-legacy", "-t", "nat", "-F");
                nodeCmd.check("iptables-legacy", "-t", "nat", "-X");
                if (round > 0) { // round 0 warms up
                    nftRates.get(i).add(nftRate);
                    legacyRates.get(i).add(legacyRate);
                }
            }
        }
        double nft0 = Bench.median(nftRates.get(0));
        double legacy0 = Bench.median(legacyRates.get(0));
        for (int i = 0; i < sizes.length; i++) {
            double nftRate = Bench.median(nftRates.get(i));
            double legacyRate = Bench.median(legacyRates.get(i));
            md.append(String.format("| %d | %.0f | %.2f | %.0f | %.2f | %.2f |%n", sizes[i], nftRate, nftRate / nft0,
                    legacyRate, legacyRate / legacy0, nftRate / legacyRate));
        }
        node.submit(() -> {
            lib.close();
            return null;
        }).get();
        md.append("\n");
    }

    /** The iptables-legacy backend's chain for the same policy (Go original's layout), loaded directly. */
    private static String legacyChain(MasqPolicy policy) {
        StringBuilder sb = new StringBuilder("*nat\n:IP-MASQ-AGENT - [0:0]\n-A POSTROUTING -m comment --comment "
                + "\"ip-masq-agent: ensure nat POSTROUTING directs all non-LOCAL destination traffic to our custom "
                + "IP-MASQ-AGENT chain\" -m addrtype ! --dst-type LOCAL -j IP-MASQ-AGENT\n");
        List<Cidr> cidrs = new ArrayList<>(List.of(Cidr.parse("169.254.0.0/16")));
        cidrs.addAll(policy.nonMasquerade());
        for (Cidr c : cidrs) {
            sb.append("-A IP-MASQ-AGENT -m comment --comment \"ip-masq-agent: local traffic is not subject to "
                    + "MASQUERADE\" -d ").append(c).append(" -j RETURN\n");
        }
        return sb.append("-A IP-MASQ-AGENT -m comment --comment \"ip-masq-agent: outbound traffic is subject to "
                + "MASQUERADE (must be last in chain)\" -j MASQUERADE --random-fully\nCOMMIT\n").toString();
    }

    /** New flows/s: one UDP socket in the pod sends to 198.18.0.1 with a new destination port each time. */
    private static double flowRate(NetnsLab lab, int flows) throws Exception {
        lab.commands(lab.nodeNs()).run(List.of("conntrack", "-F"), "", Duration.ofSeconds(30));
        double seconds = lab.executorIn(lab.podNs()).submit(() -> {
            try (DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET)) {
                InetAddress dst = InetAddress.ofLiteral("198.18.0.1");
                ByteBuffer one = ByteBuffer.allocateDirect(1);
                long start = System.nanoTime();
                for (int i = 0; i < flows; i++) {
                    one.clear();
                    ch.send(one, new InetSocketAddress(dst, 1024 + i));
                }
                return (System.nanoTime() - start) / 1e9;
            }
        }).get(120, TimeUnit.SECONDS);
        return flows / seconds;
    }

    private interface Action {
        void run() throws Exception;
    }

    /** Runs every action once per round in a shuffled order (after 3 warm-up rounds), and returns each one's median wall time in ms. */
    private static double[] medians(int iterations, List<Action> actions) throws Exception {
        java.util.Random random = new java.util.Random(7);
        List<List<Double>> ms = new ArrayList<>();
        actions.forEach(a -> ms.add(new ArrayList<>()));
        for (int i = 0; i < iterations + 3; i++) {
            // Shuffle the order each round: a transaction that deleted a table leaves deferred kernel work
            // (an RCU grace period) that the next writer may wait for; no variant should always follow one.
            List<Integer> order = new ArrayList<>(java.util.stream.IntStream.range(0, actions.size()).boxed().toList());
            Collections.shuffle(order, random);
            for (int a : order) {
                long t = System.nanoTime();
                actions.get(a).run();
                if (i >= 3) {
                    ms.get(a).add((System.nanoTime() - t) / 1e6);
                }
            }
        }
        return ms.stream().mapToDouble(Bench::median).toArray();
    }

    private static Object check(Object result) {
        if (result instanceof NftExecutor.Result r && !r.ok()) {
            throw new IllegalStateException(r.error());
        }
        if (result instanceof CommandRunner.Result r && !r.ok()) {
            throw new IllegalStateException(r.stderr());
        }
        return result;
    }

}
