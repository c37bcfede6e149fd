package masq.backend.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import masq.api.IpFamily;
import masq.api.MasqPolicy;
import masq.api.spi.BackendContext;
import masq.api.spi.BackendException;
import masq.api.spi.CommandRunner;
import masq.api.spi.FirewallBackend;
import masq.testlab.KernelTests;
import masq.testlab.NetnsLab;
import masq.testlab.NodeState;

/**
 * In a fresh node namespace, with the real tools: mode detection, render and every cleanup create no
 * table (legacy tables as {@code ip_tables_names} lists them, nft tables as {@code nft list tables}),
 * on an empty node and on a node in nft mode; and kube-proxy's KUBE-POSTROUTING is never taken over.
 */
class NodeSafetyKernelTest {
    static NetnsLab lab() {
        KernelTests.assumeKernel("iptables-legacy-save", "ip6tables-legacy-save", "iptables-nft-save", "ip6tables-nft-save", "nft");
        return NetnsLab.create("ipsafe");
    }

    /** Detection, render, and cleanup by all three providers, in-process against the node namespace. */
    static void readOnlyPaths(NetnsLab lab, String expectedMode) throws Exception {
        CommandRunner node = lab.commands(lab.nodeNs());
        LegacyTables legacy = IptablesKernelTest.legacyTablesOf(lab.nodeNs());
        BackendContext ctx = new BackendContext(node, Map.of());
        FirewallBackend auto = new IptablesProvider(legacy).create(ctx);
        assertEquals(expectedMode, auto.info().mode());
        assertFalse(auto.render(MasqPolicy.defaults()).payloads().isEmpty());
        assertFalse(auto.cleanup().changed());
        assertFalse(new IptablesLegacyProvider(legacy).create(ctx).cleanup().changed());
        assertFalse(new IptablesNftProvider().create(ctx).cleanup().changed());
    }

    @Test
    void onAnEmptyNodeDetectionRenderAndCleanupCreateNothing() throws Exception {
        try (NetnsLab lab = lab()) {
            String before = NodeState.of(lab.nodeNs());
            assertEquals("legacy IPv4 []\nlegacy IPv6 []\n", before, "a fresh namespace");
            readOnlyPaths(lab, "nft");
            assertEquals(before, NodeState.of(lab.nodeNs()));
        }
    }

    @Test
    void onAnNftModeNodeDetectionRenderAndCleanupCreateNothing() throws Exception {
        try (NetnsLab lab = lab()) {
            NodeState.seedNftMode(lab.nodeNs());
            String before = NodeState.of(lab.nodeNs());
            readOnlyPaths(lab, "nft");
            assertEquals(before, NodeState.of(lab.nodeNs()));
        }
    }

    @ParameterizedTest
    @EnumSource(IptablesMode.class)
    void kubeProxysChainIsNeitherTakenOverNorCleanedUp(IptablesMode mode) throws Exception {
        try (NetnsLab lab = lab()) {
            CommandRunner node = lab.commands(lab.nodeNs());
            NodeState.restore(node, mode.binary(IpFamily.IPV4, IptablesMode.Tool.RESTORE), NodeState.KUBE_PROXY_NAT);
            String before = IptablesKernelTest.save(lab, mode, IptablesKernelTest.V4);
            FirewallBackend b = IptablesKernelTest.backend(mode, lab, node);
            MasqPolicy d = MasqPolicy.defaults();
            MasqPolicy kubeChain = new MasqPolicy(d.families(), d.nonMasquerade(), List.of(), false, false, List.of(), true,
                    "KUBE-POSTROUTING");
            BackendException e = assertThrows(BackendException.class, () -> b.sync(kubeChain));
            assertEquals(BackendException.Reason.ALREADY_EXISTS, e.reason());
            assertTrue(e.getMessage().startsWith("failed to sync chain KUBE-POSTROUTING: the IPv4 nat table already has a "
                    + "chain KUBE-POSTROUTING holding 3 rule(s) ip-masq-agent did not write: \"-A KUBE-POSTROUTING -m mark ! "
                    + "--mark 0x4000/0x4000 -j RETURN\""), e.getMessage());
            assertEquals(before, IptablesKernelTest.save(lab, mode, IptablesKernelTest.V4), "nothing written");
            assertFalse(b.cleanup().changed());
            assertFalse(IptablesKernelTest.backend(mode, lab, node).cleanup().changed());
            assertEquals(before, IptablesKernelTest.save(lab, mode, IptablesKernelTest.V4), "cleanup left kube-proxy's chain alone");
        }
    }
}
