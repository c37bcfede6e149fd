package masq.backend.nftables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import masq.api.Cidr;
import masq.api.MasqPolicy;
import masq.api.PortRange;
import masq.api.spi.SyncResult;
import masq.testlab.NetnsLab;
import masq.testlab.NodeState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real packets through real rules, in private namespaces (pod → node → ext), for the in-process
 * library path and the spawned-nft path. Skips when not root, without nft, or with -Dkernel.tests=false.
 */
class NftablesKernelTest {

    private static final String PRIVATE_DST = "10.200.0.2";
    private static final String PRIVATE_DST6 = "fd00:10::2";

    private static MasqPolicy policy(List<String> nonMasq, List<String> masq, boolean masqLinkLocal,
            List<PortRange> toPorts) {
        return Policies.of(Policies.DUAL, nonMasq.stream().map(Cidr::parse).toList(),
                masq.stream().map(Cidr::parse).toList(), masqLinkLocal, false, toPorts, true);
    }

    private static final MasqPolicy BASE = policy(List.of("10.0.0.0/8", "fd00:10::/32"), List.of(), false, List.of());

    @ParameterizedTest
    @ValueSource(strings = {"library", "cli"})
    void defaultsCustomCidrsAndConfigChangeOnRealPackets(String mode) throws Exception {
        try (KernelFixture k = KernelFixture.create(mode)) {
            k.lab.addExtAddress(PRIVATE_DST);
            k.lab.addExtAddress(PRIVATE_DST6);
            assertTrue(k.sync(BASE).changed());
            assertTrue(k.masqueraded("203.0.113.2"), "public IPv4 masqueraded");
            assertFalse(k.masqueraded(PRIVATE_DST), "10/8 keeps the pod address");
            assertTrue(k.masqueraded("fd00:99::2"), "IPv6 outside the exempt range masqueraded");
            assertFalse(k.masqueraded(PRIVATE_DST6), "fd00:10::/32 keeps the pod address");

            // Config change: 10/8 no longer exempt, 203.0.113.0/24 now exempt.
            MasqPolicy changed = policy(List.of("203.0.113.0/24", "fd00:99::/64"), List.of(), false, List.of());
            assertTrue(k.sync(changed).changed());
            assertTrue(k.masqueraded(PRIVATE_DST));
            assertFalse(k.masqueraded("203.0.113.2"));
            assertFalse(k.masqueraded("fd00:99::2"));
            assertTrue(k.masqueraded(PRIVATE_DST6));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"library", "cli"})
    void noOpSyncWritesNothing(String mode) throws Exception {
        try (KernelFixture k = KernelFixture.create(mode)) {
            MasqPolicy policy = policy(List.of("10.0.0.0/8", "192.168.0.0/16", "198.51.100.7/32", "fd00::/8"),
                    List.of("10.9.0.0/16"), false, PortRange.parseList("20000-29999,40000-40999"));
            assertTrue(k.sync(policy).changed());
            // Handles change whenever anything is re-created: equal handles = nothing was written.
            String handles = k.nft("-a", "list", "table", "inet", "ip-masq-agent");
            int writes = k.cliWrites.get();
            SyncResult again = k.sync(policy);
            assertFalse(again.changed(), "the kernel's listing must read back as what we rendered: " + handles);
            assertEquals(handles, k.nft("-a", "list", "table", "inet", "ip-masq-agent"));
            assertEquals(writes, k.cliWrites.get());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"delete table inet ip-masq-agent", "flush chain inet ip-masq-agent postrouting",
            "delete element inet ip-masq-agent nonmasq-ipv4 { 10.0.0.0/8 }"})
    void driftIsHealedByTheNextSync(String damage) throws Exception {
        try (KernelFixture k = KernelFixture.create("library")) {
            k.lab.addExtAddress(PRIVATE_DST);
            k.sync(BASE);
            String good = k.nft("list", "table", "inet", "ip-masq-agent");
            k.nft(damage.split(" "));
            assertTrue(k.sync(BASE).changed(), "drift must be noticed: " + damage);
            assertEquals(good, k.nft("list", "table", "inet", "ip-masq-agent"));
            assertTrue(k.masqueraded("203.0.113.2"));
            assertFalse(k.masqueraded(PRIVATE_DST));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"library", "cli"})
    void masqueradeCidrsInsideAnExemptRangeAndMasqLinkLocal(String mode) throws Exception {
        try (KernelFixture k = KernelFixture.create(mode)) {
            k.lab.addExtAddress(PRIVATE_DST);
            k.lab.addExtAddress("10.201.0.2");
            k.lab.addExtAddress("169.254.10.2");
            k.lab.addExtAddress("fd00:10:9::2");
            k.lab.addExtAddress(PRIVATE_DST6);
            k.sync(policy(List.of("10.0.0.0/8", "fd00:10::/32"), List.of("10.200.0.0/16", "fd00:10:9::/48"), false,
                    List.of()));
            assertTrue(k.masqueraded(PRIVATE_DST), "masqueradeCIDR inside 10/8");
            assertFalse(k.masqueraded("10.201.0.2"), "rest of 10/8");
            assertTrue(k.masqueraded("fd00:10:9::2"), "IPv6 masqueradeCIDR inside fd00:10::/32");
            assertFalse(k.masqueraded(PRIVATE_DST6));
            assertFalse(k.masqueraded("169.254.10.2"), "link-local exempt by default");
            k.sync(policy(List.of("10.0.0.0/8"), List.of(), true, List.of()));
            assertTrue(k.masqueraded("169.254.10.2"), "masqLinkLocal");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"library", "cli"})
    void toPortsPicksSourcePortsFromTheRanges(String mode) throws Exception {
        try (KernelFixture k = KernelFixture.create(mode)) {
            k.sync(policy(List.of("10.0.0.0/8"), List.of(), false, PortRange.parseList("40000-40009,50000")));
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                var seen = k.lab.connectFromPod("203.0.113.2", 8080);
                assertEquals("203.0.113.1", seen.address());
                ports.add(seen.port());
                var seen6 = k.lab.connectFromPod("fd00:99::2", 8080);
                ports.add(seen6.port());
            }
            assertTrue(ports.stream().allMatch(p -> p >= 40000 && p <= 40009 || p == 50000), ports.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"library", "cli"})
    void tenThousandCidrsApplyAndRoute(String mode) throws Exception {
        try (KernelFixture k = KernelFixture.create(mode)) {
            k.lab.addExtAddress(PRIVATE_DST);
            k.lab.addExtAddress("11.5.7.9");
            k.lab.addExtAddress("11.39.16.1");
            List<Cidr> many = new ArrayList<>(Policies.manyCidrs(10_000).nonMasquerade());
            many.add(Cidr.parse("10.200.0.0/24"));
            MasqPolicy policy = Policies.of(Policies.V4, many, List.of(), false, false, List.of(), true);
            assertTrue(k.sync(policy).changed());
            assertFalse(k.sync(policy).changed(), "10 000 elements read back equal");
            assertFalse(k.masqueraded(PRIVATE_DST));
            assertFalse(k.masqueraded("11.5.7.9"), "inside 11.5.7.0/24");
            assertTrue(k.masqueraded("11.39.16.1"), "just past the last generated /24");
            assertTrue(k.masqueraded("203.0.113.2"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"library", "cli"})
    void otherTablesAreLeftByteIdenticalAndCleanupRemovesOnlyOurs(String mode) throws Exception {
        try (KernelFixture k = KernelFixture.create(mode)) {
            k.node.run(List.of("nft", "-f", "-"), """
                    add table ip kube-proxy
                    add chain ip kube-proxy nat-postrouting { type nat hook postrouting priority srcnat; policy accept; }
                    add rule ip kube-proxy nat-postrouting ip saddr 10.96.0.0/12 masquerade comment "kube-proxy"
                    add set ip kube-proxy cluster-ips { type ipv4_addr; elements = { 10.96.0.1 }; }
                    """, java.time.Duration.ofSeconds(10));
            boolean iptablesNft = masq.testlab.KernelTests.onPath("iptables-nft");
            if (iptablesNft) {
                k.lab.commands(k.lab.nodeNs()).check("iptables-nft", "-t", "nat", "-A", "POSTROUTING", "-s",
                        "10.98.0.0/16", "-j", "MASQUERADE");
            }
            String kubeProxy = k.nft("list", "table", "ip", "kube-proxy");
            String nat = iptablesNft ? k.nft("list", "table", "ip", "nat") : "";
            k.sync(BASE);
            k.sync(policy(List.of("192.168.0.0/16"), List.of(), true, PortRange.parseList("30000-30010")));
            assertTrue(k.inNode(() -> k.backend.cleanup()).changed());
            assertFalse(k.inNode(() -> k.backend.cleanup()).changed(), "nothing left to remove");
            assertFalse(k.tableExists());
            assertEquals(kubeProxy, k.nft("list", "table", "ip", "kube-proxy"));
            if (iptablesNft) {
                assertEquals(nat, k.nft("list", "table", "ip", "nat"));
            }
        }
    }

    /** On a node without our table, cleanup reports nothing removed and leaves every table as it was. */
    @ParameterizedTest
    @ValueSource(strings = {"library", "cli"})
    void cleanupOnAnEmptyNodeCreatesNothing(String mode) throws Exception {
        try (KernelFixture k = KernelFixture.create(mode)) {
            String before = NodeState.of(k.lab.nodeNs());
            assertEquals("legacy IPv4 []\nlegacy IPv6 []\n", before, "a fresh namespace");
            assertFalse(k.inNode(() -> k.backend.cleanup()).changed());
            assertEquals(before, NodeState.of(k.lab.nodeNs()));
            assertEquals(0, k.cliWrites.get(), "not even a write that creates and deletes the table");
        }
    }

    /**
     * Someone deletes our table, then flushes our chain: each time the watch reports it and the queued sync
     * restores the table (no periodic resync runs here, so only the watch can explain the repair).
     *
     * <p>What is exact and what is not: a report means "a batch that touched our table was read, and the
     * table then differed from what our last write left". Our own repair is such a batch too; when its echo is
     * read only after the next external change has landed (a busy machine), that echo is reported as well, and
     * so is the external change's own batch: two reports, one change. So the number of reports is only bounded:
     * at least one per external change, at most one per batch that touched our table (two external changes
     * plus our two repairs). What is exact is the number of repairs: queued syncs run one at a time and each
     * reads the table before writing, so one external change is repaired by exactly one write, and a report
     * that arrives after the repair finds nothing to do. A sync loop (our own write reported and rewritten
     * forever) would break both counts.
     */
    @ParameterizedTest
    @ValueSource(strings = {"library", "cli"})
    void externalChangesAreHealedThroughTheWatchOneRepairPerChange(String mode) throws Exception {
        try (KernelFixture k = KernelFixture.create(mode)) {
            k.sync(BASE);
            String good = k.nft("list", "table", "inet", "ip-masq-agent");
            java.util.concurrent.atomic.AtomicInteger reports = new java.util.concurrent.atomic.AtomicInteger();
            AutoCloseable watch = k.inNode(() -> k.backend.watchExternalChanges(() -> {
                reports.incrementAndGet();
                k.syncLater(BASE);
            }));
            try {
                k.nft("add", "table", "ip", "unrelated");
                k.nft("delete", "table", "inet", "ip-masq-agent");
                // The deadline is generous for a loaded CI machine; the heal time belongs in a benchmark.
                NetnsLab.waitFor(java.time.Duration.ofSeconds(10), "table restored after delete",
                        () -> good.equals(listOrEmpty(k)) && k.laterRepairs.get() >= 1);
                k.nft("flush", "chain", "inet", "ip-masq-agent", "postrouting");
                NetnsLab.waitFor(java.time.Duration.ofSeconds(10), "chain restored after flush",
                        () -> good.equals(listOrEmpty(k)) && k.laterRepairs.get() >= 2);
                assertEquals(2, k.laterRepairs.get(), "exactly one repair per external change");
                assertEquals(0, k.laterFailures.get());
                int seen = reports.get();
                assertTrue(seen >= 2 && seen <= 4, "reports: at least one per external change, at most one per batch"
                        + " that touched our table (2 external changes + 2 repairs), but " + seen);
                assertTrue(k.masqueraded("203.0.113.2"));
            } finally {
                watch.close();
            }
        }
    }

    private static String listOrEmpty(KernelFixture k) {
        try {
            return k.node.run(List.of("nft", "list", "table", "inet", "ip-masq-agent"), "",
                    java.time.Duration.ofSeconds(5)).stdout();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /** Every golden case is accepted by the real nft, and the kernel's listing reads back equal (no rewrite). */
    @ParameterizedTest
    @ValueSource(strings = {"defaults", "custom-cidrs", "ipv6", "masq-link-local", "masquerade-cidrs", "to-ports",
            "random-fully-off"})
    void goldenCasesAreAcceptedAndReadBackEqual(String name) throws Exception {
        try (KernelFixture k = KernelFixture.create("library")) {
            assertTrue(k.sync(Policies.named(name)).changed());
            assertFalse(k.sync(Policies.named(name)).changed(), k.nft("list", "table", "inet", "ip-masq-agent"));
        }
    }

    /** The shared FlowCases table on real packets (link-local IPv6 cannot be reached by a plain route). */
    @ParameterizedTest
    @ValueSource(strings = {"library", "cli"})
    void sharedFlowCasesOnRealPackets(String mode) throws Exception {
        try (KernelFixture k = KernelFixture.create(mode)) {
            k.sync(masq.backend.testkit.FlowCases.standardPolicy());
            for (var row : masq.backend.testkit.FlowCases.standard()) {
                if (row.destination().startsWith("fe80:")) {
                    continue;
                }
                if (!row.destination().equals(NetnsLab.EXT_V4)) {
                    k.lab.addExtAddress(row.destination());
                }
                assertEquals(row.masquerade(), k.masqueraded(row.destination()), row.name());
            }
        }
    }
}
