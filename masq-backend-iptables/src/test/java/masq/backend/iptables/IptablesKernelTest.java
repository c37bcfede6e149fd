package masq.backend.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import masq.api.Cidr;
import masq.api.IpAddress;
import masq.api.IpFamily;
import masq.api.MasqPolicy;
import masq.api.PortRange;
import masq.api.spi.BackendContext;
import masq.api.spi.CommandRunner;
import masq.api.spi.FirewallBackend;
import masq.api.spi.FirewallBackendProvider;
import masq.testlab.InNamespace;
import masq.testlab.KernelTests;
import masq.testlab.NetnsLab;

/**
 * Real packets through the real kernel, per mode and family: the backend runs in this JVM and drives
 * iptables inside the lab's node namespace; the pod connects to ext, and ext reports the source it saw.
 */
class IptablesKernelTest {

    /** Addresses per family: a private destination and a sub-range of its CIDR to masquerade. */
    record Fam(IpFamily family, String ext, String nodeExt, String pod, String priv, String privCidr,
               String sub, String privOutsideSub) {
    }

    static final Fam V4 = new Fam(IpFamily.IPV4, NetnsLab.EXT_V4, NetnsLab.NODE_EXT_V4, NetnsLab.POD_V4,
            "10.200.0.2", "10.0.0.0/8", "10.200.0.0/16", "10.201.0.2");
    static final Fam V6 = new Fam(IpFamily.IPV6, NetnsLab.EXT_V6, NetnsLab.NODE_EXT_V6, NetnsLab.POD_V6,
            "fd00:10::2", "fd00:10::/32", "fd00:10::/64", "fd00:10:1::2");

    static Stream<Arguments> combos() {
        return Stream.of(IptablesMode.values()).flatMap(m -> Stream.of(Arguments.of(m, V4), Arguments.of(m, V6)));
    }

    static MasqPolicy policy(Fam f, List<String> nonMasq, List<String> masq, boolean masqLinkLocal, String toPorts) {
        Set<IpFamily> families = f.family() == IpFamily.IPV4 ? Set.of(IpFamily.IPV4) : Set.of(IpFamily.IPV4, IpFamily.IPV6);
        return new MasqPolicy(families, nonMasq.stream().map(Cidr::parse).toList(), masq.stream().map(Cidr::parse).toList(),
                masqLinkLocal, false, PortRange.parseList(toPorts), true, "IP-MASQ-AGENT");
    }

    /** The backend driving the tools in {@code lab}'s node namespace, seeing that namespace's legacy tables. */
    static FirewallBackend backend(IptablesMode mode, NetnsLab lab, CommandRunner runner) throws Exception {
        FirewallBackendProvider p = mode == IptablesMode.LEGACY ? new IptablesLegacyProvider(legacyTablesOf(lab.nodeNs()))
                : new IptablesNftProvider();
        return p.create(new BackendContext(runner, Map.of()));
    }

    /** The production reader, run on a thread inside {@code namespace}. */
    static LegacyTables legacyTablesOf(String namespace) {
        return family -> InNamespace.call(namespace, () -> LegacyTables.PROC.existing(family));
    }

    static NetnsLab lab(IptablesMode mode, Fam f) {
        String v = f.family() == IpFamily.IPV4 ? "iptables-" : "ip6tables-";
        KernelTests.assumeKernel(v + mode.label() + "-save", v + mode.label() + "-restore", "iptables-" + mode.label());
        return NetnsLab.create("ipt");
    }

    static String source(NetnsLab lab, String destination) {
        return IpAddress.parse(lab.connectFromPod(destination, 8080).address()).toString();
    }

    static void assertMasqueraded(NetnsLab lab, Fam f, String destination, boolean masqueraded) {
        assertEquals(IpAddress.parse(masqueraded ? f.nodeExt() : f.pod()).toString(), source(lab, destination),
                "source seen by ext for " + destination);
    }

    static String save(NetnsLab lab, IptablesMode mode, Fam f) throws Exception {
        String bin = mode.binary(f.family(), IptablesMode.Tool.SAVE);
        return GoldenKernelTest.withoutComments(lab.commands(lab.nodeNs()).run(List.of(bin, "-t", "nat"), "", Duration.ofSeconds(30)).stdout());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("combos")
    void defaultsThenCustomCidrsThenMasqueradeCidrs(IptablesMode mode, Fam f) throws Exception {
        try (NetnsLab lab = lab(mode, f)) {
            lab.addExtAddress(f.priv());
            lab.addExtAddress(f.privOutsideSub());
            FirewallBackend b = backend(mode, lab, lab.commands(lab.nodeNs()));
            assertMasqueraded(lab, f, f.ext(), false); // no rules yet: plain routing
            b.sync(policy(f, List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", f == V6 ? f.privCidr() : "192.168.0.0/16")
                    .stream().distinct().toList(), List.of(), false, ""));
            assertMasqueraded(lab, f, f.ext(), true);
            assertMasqueraded(lab, f, f.priv(), false);
            // A config change: the external range is exempt now, the private one is not.
            b.sync(policy(f, List.of(f == V4 ? "203.0.113.0/24" : "fd00:99::/64"), List.of(), false, ""));
            assertMasqueraded(lab, f, f.ext(), false);
            assertMasqueraded(lab, f, f.priv(), true);
            // masqueradeCIDRs inside a non-masquerade range win for their sub-range only.
            b.sync(policy(f, List.of(f.privCidr()), List.of(f.sub()), false, ""));
            assertMasqueraded(lab, f, f.priv(), true);
            assertMasqueraded(lab, f, f.privOutsideSub(), false);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("combos")
    void linkLocalExemptUnlessMasqLinkLocal(IptablesMode mode, Fam f) throws Exception {
        assumeTrue(f == V4, "IPv6 link-local fe80::/10 cannot be routed to ext in this topology");
        try (NetnsLab lab = lab(mode, f)) {
            lab.addExtAddress("169.254.10.2");
            FirewallBackend b = backend(mode, lab, lab.commands(lab.nodeNs()));
            b.sync(policy(f, List.of("10.0.0.0/8"), List.of(), false, ""));
            assertMasqueraded(lab, f, "169.254.10.2", false);
            b.sync(policy(f, List.of("10.0.0.0/8"), List.of(), true, ""));
            assertMasqueraded(lab, f, "169.254.10.2", true);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("combos")
    void toPortsPicksSourcePortsInsideTheRanges(IptablesMode mode, Fam f) throws Exception {
        try (NetnsLab lab = lab(mode, f)) {
            backend(mode, lab, lab.commands(lab.nodeNs())).sync(policy(f, List.of("10.0.0.0/8"), List.of(), false, "40000-40009,50000-50009"));
            for (int i = 0; i < 8; i++) {
                NetnsLab.Seen seen = lab.connectFromPod(f.ext(), 8080);
                assertEquals(IpAddress.parse(f.nodeExt()).toString(), IpAddress.parse(seen.address()).toString());
                int port = seen.port();
                assertTrue(port >= 40000 && port <= 40009 || port >= 50000 && port <= 50009, "source port " + port);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("combos")
    void healsDriftAndWritesNothingWhenInSync(IptablesMode mode, Fam f) throws Exception {
        try (NetnsLab lab = lab(mode, f)) {
            RecordingRunner rec = new RecordingRunner(lab.commands(lab.nodeNs()));
            FirewallBackend b = backend(mode, lab, rec);
            MasqPolicy p = policy(f, List.of("10.0.0.0/8"), List.of(), false, "");
            assertTrue(b.sync(p).changed());
            String synced = save(lab, mode, f);
            rec.clear();
            assertFalse(b.sync(p).changed());
            assertEquals(0, rec.restores(), "no write when in sync: " + rec.calls());

            String ipt = mode.binary(f.family(), IptablesMode.Tool.MAIN);
            lab.commands(lab.nodeNs()).run(List.of(ipt, "-t", "nat", "-F", "IP-MASQ-AGENT"), "", Duration.ofSeconds(10));
            assertMasqueraded(lab, f, f.ext(), false);
            assertTrue(b.sync(p).changed());
            assertEquals(synced, save(lab, mode, f));
            assertMasqueraded(lab, f, f.ext(), true);

            List<String> deleteJump = new java.util.ArrayList<>(List.of(ipt, "-t", "nat", "-D", "POSTROUTING"));
            deleteJump.addAll(RuleTokens.split(String.join(" ", ChainRules.jump("IP-MASQ-AGENT"))));
            assertEquals(0, lab.commands(lab.nodeNs()).run(deleteJump, "", Duration.ofSeconds(10)).exitCode());
            assertMasqueraded(lab, f, f.ext(), false);
            assertTrue(b.sync(p).changed());
            assertEquals(synced, save(lab, mode, f));
            assertMasqueraded(lab, f, f.ext(), true);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("combos")
    void takesOverTheGoOriginalThenCleanupRestoresTheTable(IptablesMode mode, Fam f) throws Exception {
        try (NetnsLab lab = lab(mode, f)) {
            CommandRunner node = lab.commands(lab.nodeNs());
            String before = save(lab, mode, f);
            // What the Go original v2.10-v2.12.1 ran on every resync (argv, no shell).
            String ipt = mode.binary(f.family(), IptablesMode.Tool.MAIN);
            String quoted = "\"ip-masq-agent: ensure nat POSTROUTING directs all non-LOCAL destination traffic to our custom IP-MASQ-AGENT chain\"";
            node.run(List.of(ipt, "-w", "5", "-N", "IP-MASQ-AGENT", "-t", "nat"), "", Duration.ofSeconds(10));
            assertEquals(0, node.run(List.of(ipt, "-w", "5", "-A", "POSTROUTING", "-t", "nat", "-m", "comment", "--comment", quoted,
                    "-m", "addrtype", "!", "--dst-type", "LOCAL", "-j", "IP-MASQ-AGENT"), "", Duration.ofSeconds(10)).exitCode());
            String link = f == V4 ? "169.254.0.0/16" : "fe80::/10";
            String goPayload = "*nat\n:IP-MASQ-AGENT - [0:0]\n"
                    + "-A IP-MASQ-AGENT -m comment --comment \"ip-masq-agent: local traffic is not subject to MASQUERADE\" -d " + link + " -j RETURN\n"
                    + "-A IP-MASQ-AGENT -m comment --comment \"ip-masq-agent: outbound traffic is subject to MASQUERADE (must be last in chain)\" -j MASQUERADE\n"
                    + "COMMIT\n";
            GoldenKernelTest.restore(node, mode.binary(f.family(), IptablesMode.Tool.RESTORE).replace("-restore", ""), goPayload);
            assertMasqueraded(lab, f, f.ext(), true);

            FirewallBackend b = backend(mode, lab, node);
            assertTrue(b.sync(policy(f, List.of("10.0.0.0/8"), List.of(), false, "")).changed());
            String saved = save(lab, mode, f);
            assertEquals(1, saved.lines().filter(l -> l.startsWith("-A POSTROUTING") && l.endsWith("-j IP-MASQ-AGENT")).count(), saved);
            assertFalse(saved.contains("\\\"ip-masq-agent"), saved);
            assertMasqueraded(lab, f, f.ext(), true);

            b.cleanup();
            assertEquals(before, save(lab, mode, f));
            assertMasqueraded(lab, f, f.ext(), false);
        }
    }
}
