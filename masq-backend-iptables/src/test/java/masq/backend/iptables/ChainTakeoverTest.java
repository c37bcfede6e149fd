package masq.backend.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import masq.api.MasqPolicy;
import masq.api.spi.BackendContext;
import masq.api.spi.BackendException;
import masq.api.spi.FirewallBackend;
import masq.testlab.NodeState;

/**
 * {@code --masq-chain} naming a chain that holds someone else's rules (kube-proxy's KUBE-POSTROUTING): the
 * sync refuses, naming the chain and the rules, writes nothing, and cleanup leaves the chain alone.
 */
class ChainTakeoverTest {
    /** kube-proxy's nat postrouting rules, the same text the kernel tests load. */
    static final String KUBE_PROXY = NodeState.KUBE_PROXY_NAT;
    static final String JUMP_COMMENT =
            "ip-masq-agent: ensure nat POSTROUTING directs all non-LOCAL destination traffic to our custom %s chain";

    static MasqPolicy chain(String name) {
        MasqPolicy d = MasqPolicy.defaults();
        return new MasqPolicy(d.families(), d.nonMasquerade(), List.of(), false, false, List.of(), true, name);
    }

    static FirewallBackend backend(IptablesMode mode, FakeIptables fake) throws BackendException {
        return (mode == IptablesMode.LEGACY ? new IptablesLegacyProvider(fake.legacyTables()) : new IptablesNftProvider())
                .create(new BackendContext(fake, Map.of()));
    }

    @ParameterizedTest
    @EnumSource(IptablesMode.class)
    void kubeProxysChainIsNeitherTakenOverNorCleanedUp(IptablesMode mode) throws Exception {
        FakeIptables fake = new FakeIptables();
        fake.load(mode.binary(masq.api.IpFamily.IPV4, IptablesMode.Tool.MAIN), KUBE_PROXY);
        String before = fake.snapshot();
        FirewallBackend b = backend(mode, fake);
        BackendException e = assertThrows(BackendException.class, () -> b.sync(chain("KUBE-POSTROUTING")));
        assertEquals(BackendException.Reason.ALREADY_EXISTS, e.reason());
        assertEquals("failed to sync chain KUBE-POSTROUTING: the IPv4 nat table already has a chain KUBE-POSTROUTING holding "
                + "3 rule(s) ip-masq-agent did not write: \"-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN\", "
                + "\"-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0\", \"-A KUBE-POSTROUTING -m comment --comment "
                + "\"kubernetes service traffic requiring SNAT\" -j MASQUERADE --random-fully\"; refusing to take it over, "
                + "nothing was changed. Choose another --masq-chain (default IP-MASQ-AGENT), or remove those rules if they "
                + "are stale", e.getMessage());
        assertEquals(0, fake.restoreCalls(), "nothing written");
        assertFalse(b.cleanup().changed(), "the same instance's cleanup (--cleanup-on-exit) must not claim it either");
        assertFalse(backend(mode, fake).cleanup().changed());
        assertEquals(before, fake.snapshot());
    }

    /** The refused family is checked before any family is written: a dual-stack sync writes neither. */
    @Test
    void aRefusalInOneFamilyWritesNoFamily() throws Exception {
        FakeIptables fake = new FakeIptables();
        fake.load("ip6tables-nft", KUBE_PROXY);
        MasqPolicy dual = new MasqPolicy(java.util.Set.of(masq.api.IpFamily.IPV4, masq.api.IpFamily.IPV6),
                MasqPolicy.defaults().nonMasquerade(), List.of(), false, false, List.of(), true, "KUBE-POSTROUTING");
        BackendException e = assertThrows(BackendException.class, () -> backend(IptablesMode.NFT, fake).sync(dual));
        assertTrue(e.getMessage().contains("the IPv6 nat table already has a chain KUBE-POSTROUTING"), e.getMessage());
        assertEquals(0, fake.restoreCalls());
    }

    @Test
    void anEmptyExistingChainIsTakenOver() throws Exception {
        FakeIptables fake = new FakeIptables();
        fake.load("iptables-nft", "*nat\n:MY-MASQ - [0:0]\nCOMMIT\n");
        assertTrue(backend(IptablesMode.NFT, fake).sync(chain("MY-MASQ")).changed());
        assertTrue(fake.dump("iptables-nft", "nat").contains("-j MY-MASQ"));
    }

    @Test
    void manyForeignRulesAreQuotedFiveAtATime() throws Exception {
        StringBuilder seed = new StringBuilder("*nat\n:BUSY - [0:0]\n");
        for (int i = 1; i <= 8; i++) {
            seed.append("-A BUSY -d 192.0.2.").append(i).append("/32 -j RETURN\n");
        }
        FakeIptables fake = new FakeIptables();
        fake.load("iptables-nft", seed.append("COMMIT\n").toString());
        BackendException e = assertThrows(BackendException.class, () -> backend(IptablesMode.NFT, fake).sync(chain("BUSY")));
        assertTrue(e.getMessage().contains("holding 8 rule(s)"), e.getMessage());
        assertTrue(e.getMessage().contains("\"-A BUSY -d 192.0.2.5/32 -j RETURN\" and 3 more; refusing"), e.getMessage());
        assertFalse(e.getMessage().contains("192.0.2.6/32"), e.getMessage());
    }

    /**
     * An older release took KUBE-POSTROUTING over (our jump names it) and kube-proxy has since restored its
     * rules there: a sync with the default chain removes our stale jump but leaves kube-proxy's chain.
     */
    @Test
    void aStaleJumpOfOursNamingAForeignChainGoesButTheChainStays() throws Exception {
        FakeIptables fake = new FakeIptables();
        fake.load("iptables-nft", KUBE_PROXY.replace("COMMIT\n", "-A POSTROUTING -m comment --comment \""
                + JUMP_COMMENT.formatted("KUBE-POSTROUTING") + "\" -m addrtype ! --dst-type LOCAL -j KUBE-POSTROUTING\nCOMMIT\n"));
        assertTrue(backend(IptablesMode.NFT, fake).sync(MasqPolicy.defaults()).changed());
        String after = fake.dump("iptables-nft", "nat");
        assertFalse(after.contains("our custom KUBE-POSTROUTING chain"), after);
        for (String kubeProxyRule : KUBE_PROXY.lines().filter(l -> l.startsWith("-A")).toList()) {
            assertTrue(after.contains(kubeProxyRule), kubeProxyRule + " missing:\n" + after);
        }
        assertTrue(backend(IptablesMode.NFT, fake).cleanup().changed());
        after = fake.dump("iptables-nft", "nat");
        for (String kubeProxyRule : KUBE_PROXY.lines().filter(l -> l.startsWith("-A")).toList()) {
            assertTrue(after.contains(kubeProxyRule), kubeProxyRule + " missing after cleanup:\n" + after);
        }
    }
}
