package masq.backend.iptables;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import masq.api.Cidr;
import masq.api.IpFamily;
import masq.api.MasqPolicy;
import masq.api.spi.BackendContext;
import masq.api.spi.CommandRunner;
import masq.api.spi.FirewallBackend;
import masq.testlab.Bench;
import masq.testlab.KernelTests;
import masq.testlab.LabCommands;
import org.junit.jupiter.api.Test;

/**
 * Not a test: the benchmark behind scripts/bench-iptables.sh (as root; skipped otherwise, see {@link Bench}).
 * In its own network namespace, per mode and CIDR count ({@code -Dbench.sizes}, {@code -Dbench.foreign}
 * unrelated nat rules), times (a) a sync that rewrites the chain (policy alternates between two variants),
 * (b) a raw {@code iptables-restore --noflush} of the same payload, (c) a no-op sync. Every command, ours
 * and the raw one, is spawned the same way ({@code ip netns exec}). Writes a Markdown table to
 * {@code -Dbench.out}.
 */
class IptablesBench {

    @Test
    void run() throws Exception {
        Path file = Bench.out("bench-iptables.sh");
        KernelTests.assumeKernel("iptables-legacy", "iptables-nft");
        int[] sizes = Arrays.stream(Bench.parameter("bench.sizes", "10,64,1000,10000").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int foreign = Bench.parameter("bench.foreign", 50000);
        String ns = "iptb-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
        LabCommands host = LabCommands.host();
        StringBuilder out = new StringBuilder();
        out.append("| mode | CIDRs | unrelated nat rules | runs | sync (rewrite) ms | raw restore ms | ratio | no-op sync ms | raw save ms |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (IptablesMode mode : IptablesMode.values()) {
            for (int n : sizes) {
                host.check("ip", "netns", "add", ns);
                try {
                    out.append(row(mode, n, 0, runsFor(mode, n, 0), ns, LabCommands.in(ns)));
                } finally {
                    host.check("ip", "netns", "del", ns);
                }
            }
            host.check("ip", "netns", "add", ns);
            try {
                CommandRunner r = LabCommands.in(ns);
                seedForeign(r, mode, foreign);
                out.append(row(mode, 10, foreign, runsFor(mode, 10, foreign), ns, r));
            } finally {
                host.check("ip", "netns", "del", ns);
            }
            System.err.println("done " + mode.label());
        }
        Files.writeString(file, out);
    }

    /** Legacy rewrites the whole table per restore: with 50k rules each run takes long, so fewer runs. */
    static int runsFor(IptablesMode mode, int n, int foreign) {
        if (foreign > 0) {
            return mode == IptablesMode.LEGACY ? 5 : 9;
        }
        return n >= 10000 ? 5 : n >= 1000 ? 9 : 21;
    }

    static MasqPolicy policy(int n, int variant) {
        List<Cidr> cidrs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            cidrs.add(Cidr.parse("10." + (i / 256 % 256) + "." + (i % 256) + ".0/24"));
        }
        cidrs.set(0, Cidr.parse(variant == 0 ? "10.0.0.0/24" : "100.64.0.0/10"));
        return new MasqPolicy(Set.of(IpFamily.IPV4), cidrs, List.of(), false, false, List.of(), true, "IP-MASQ-AGENT");
    }

    static String row(IptablesMode mode, int n, int foreign, int runs, String ns, CommandRunner r) throws Exception {
        FirewallBackend b = (mode == IptablesMode.LEGACY ? new IptablesLegacyProvider(IptablesKernelTest.legacyTablesOf(ns))
                : new IptablesNftProvider()).create(new BackendContext(r, Map.of()));
        String restore = mode.binary(IpFamily.IPV4, IptablesMode.Tool.RESTORE);
        String save = mode.binary(IpFamily.IPV4, IptablesMode.Tool.SAVE);
        MasqPolicy[] p = {policy(n, 0), policy(n, 1)};
        String[] raw = {b.render(p[0]).payloads().getFirst().text(), b.render(p[1]).payloads().getFirst().text()};
        b.sync(p[1]);
        double[] sync = new double[runs];
        double[] rawT = new double[runs];
        double[] noop = new double[runs];
        double[] saveT = new double[runs];
        // Two warm-up rounds (JIT, page cache) are timed but dropped: index -2 and -1 write into slot 0 first.
        for (int i = -2; i < runs; i++) {
            int k = Math.max(i, 0);
            long t0 = System.nanoTime();
            if (!b.sync(p[(i + 2) % 2]).changed()) {
                throw new IllegalStateException("expected a write");
            }
            sync[k] = ms(t0);
            t0 = System.nanoTime();
            if (b.sync(p[(i + 2) % 2]).changed()) {
                throw new IllegalStateException("expected no write");
            }
            noop[k] = ms(t0);
            // The same payload sync wrote from empty: our chain rewritten plus the jump (removed again below).
            t0 = System.nanoTime();
            check(r.run(List.of(restore, "-w", "5", "--noflush"), raw[(i + 3) % 2], Duration.ofMinutes(5)));
            rawT[k] = ms(t0);
            t0 = System.nanoTime();
            check(r.run(List.of(save, "-t", "nat"), "", Duration.ofMinutes(5)));
            saveT[k] = ms(t0);
            b.sync(p[(i + 2) % 2]); // back to the state before the raw restore, dropping the duplicate jump the raw payload appended (not timed)
        }
        b.cleanup();
        double s = Bench.median(sync);
        double rw = Bench.median(rawT);
        return String.format(Locale.ROOT, "| %s | %d | %d | %d | %.1f | %.1f | %.2f | %.1f | %.1f |%n",
                mode.label(), n, foreign, runs, s, rw, s / rw, Bench.median(noop), Bench.median(saveT));
    }

    static void seedForeign(CommandRunner r, IptablesMode mode, int count) throws Exception {
        StringBuilder sb = new StringBuilder("*nat\n:BENCH-FOREIGN - [0:0]\n");
        for (int i = 0; i < count; i++) {
            sb.append("-A BENCH-FOREIGN -d 198.18.").append(i / 256 % 256).append('.').append(i % 256)
                    .append("/32 -p tcp --dport ").append(1 + i / 65536).append(" -j RETURN\n");
        }
        sb.append("-A POSTROUTING -j BENCH-FOREIGN\nCOMMIT\n");
        check(r.run(List.of(mode.binary(IpFamily.IPV4, IptablesMode.Tool.RESTORE), "-w", "5", "--noflush"), sb.toString(),
                Duration.ofMinutes(10)));
    }

    static void check(CommandRunner.Result res) {
        if (!res.ok()) {
            throw new IllegalStateException("command failed: " + res.stderr());
        }
    }

    static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }
}
