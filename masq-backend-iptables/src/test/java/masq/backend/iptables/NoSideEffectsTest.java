package masq.backend.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import masq.api.IpFamily;
import masq.api.MasqPolicy;
import masq.api.spi.BackendContext;
import masq.api.spi.FirewallBackend;
import masq.api.spi.SyncResult;
import masq.testlab.NodeState;

/**
 * Never create kernel state that was not there: over the fake, whose legacy tools create every table they
 * name (as the real ones do), mode detection and cleanup on a node without legacy tables leave none.
 */
class NoSideEffectsTest {

    static BackendContext ctx(FakeIptables fake) {
        return new BackendContext(fake, Map.of());
    }

    /** Legacy commands that named a table (each creates it in the kernel). */
    static List<List<String>> legacyTableCommands(FakeIptables fake) {
        return fake.calls().stream().map(FakeIptables.Call::argv)
                .filter(a -> a.getFirst().contains("-legacy") && (a.contains("-t") || a.getFirst().endsWith("-restore")))
                .toList();
    }

    @Test
    void modeDetectionOnAnEmptyNodeCreatesNoTable() throws Exception {
        FakeIptables fake = new FakeIptables();
        assertEquals("nft", new IptablesProvider(fake.legacyTables()).create(ctx(fake)).info().mode());
        assertEquals("", fake.snapshot(), "detection created a table");
        assertEquals(List.of(), legacyTableCommands(fake));
    }

    @Test
    void modeDetectionOnAnNftNodeReadsNoLegacyTable() throws Exception {
        FakeIptables fake = new FakeIptables();
        fake.load("iptables-nft", "*mangle\n:KUBE-IPTABLES-HINT - [0:0]\nCOMMIT\n");
        fake.load("iptables-nft", NodeState.KUBE_PROXY_NAT);
        String before = fake.snapshot();
        assertEquals("nft", new IptablesProvider(fake.legacyTables()).create(ctx(fake)).info().mode());
        assertEquals(before, fake.snapshot());
        assertEquals(Set.of(), fake.tables("iptables-legacy"));
        assertEquals(Set.of(), fake.tables("ip6tables-legacy"));
    }

    /** A legacy node has nat but no mangle: the hint lookup must not create mangle; the count reads nat. */
    @Test
    void modeDetectionReadsOnlyTheLegacyTablesThatExist() throws Exception {
        FakeIptables fake = new FakeIptables();
        fake.load("iptables-legacy", "*nat\n:X - [0:0]\n-A X -j RETURN\nCOMMIT\n");
        assertEquals("legacy", new IptablesProvider(fake.legacyTables()).create(ctx(fake)).info().mode());
        assertEquals(Set.of("nat"), fake.tables("iptables-legacy"));
        assertEquals(Set.of(), fake.tables("ip6tables-legacy"));
        assertEquals(List.of(List.of("iptables-legacy-save", "-t", "nat")), legacyTableCommands(fake));
    }

    @Test
    void legacyCleanupOnANodeWithoutLegacyTablesRunsNothingAndReportsNothing() throws Exception {
        FakeIptables fake = new FakeIptables();
        fake.load("iptables-nft", NodeState.KUBE_PROXY_NAT);
        String before = fake.snapshot();
        FirewallBackend legacy = new IptablesLegacyProvider(fake.legacyTables()).create(ctx(fake));
        int mark = fake.calls().size();
        SyncResult r = legacy.cleanup();
        assertFalse(r.changed(), r.summary());
        assertEquals("nothing to remove", r.summary());
        assertEquals(before, fake.snapshot());
        assertEquals(List.of(), fake.calls().subList(mark, fake.calls().size()), "no command at all");
    }

    @Test
    void nftCleanupOnAnEmptyNodeCreatesNothing() throws Exception {
        FakeIptables fake = new FakeIptables();
        SyncResult r = new IptablesNftProvider().create(ctx(fake)).cleanup();
        assertFalse(r.changed(), r.summary());
        assertEquals("", fake.snapshot());
        assertEquals(0, fake.restoreCalls());
    }

    @Test
    void cleanupSaysWhatItRemovedOnceThenNothing() throws Exception {
        FakeIptables fake = new FakeIptables();
        FirewallBackend backend = new IptablesLegacyProvider(fake.legacyTables()).create(ctx(fake));
        MasqPolicy dual = new MasqPolicy(Set.of(IpFamily.IPV4, IpFamily.IPV6), MasqPolicy.defaults().nonMasquerade(),
                List.of(), false, false, List.of(), true, "IP-MASQ-AGENT");
        backend.sync(dual);
        SyncResult first = new IptablesLegacyProvider(fake.legacyTables()).create(ctx(fake)).cleanup();
        assertTrue(first.changed());
        assertEquals("IPv4: 1 jump(s) removed, chain IP-MASQ-AGENT removed; IPv6: 1 jump(s) removed, chain IP-MASQ-AGENT removed",
                first.summary());
        long writes = fake.restoreCalls();
        assertFalse(backend.cleanup().changed());
        assertEquals(writes, fake.restoreCalls());
    }

    /** Where the legacy nat table does not exist it is empty: the first sync writes without reading first. */
    @Test
    void legacySyncOnANodeWithoutTheNatTableDoesNotReadIt() throws Exception {
        FakeIptables fake = new FakeIptables();
        assertTrue(new IptablesLegacyProvider(fake.legacyTables()).create(ctx(fake)).sync(MasqPolicy.defaults()).changed());
        assertEquals(List.of(List.of("iptables-legacy-restore", "-w", "5", "--noflush")), legacyTableCommands(fake));
        assertEquals(Set.of("nat"), fake.tables("iptables-legacy"));
    }
}
