package masq.backend.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import masq.api.MasqPolicy;
import masq.api.spi.Availability;
import masq.api.spi.BackendContext;
import masq.api.spi.BackendException;
import masq.api.spi.CommandRunner;
import masq.api.spi.FirewallBackend;

/** Providers, mode detection, options and failures, over the stateful fake. */
class BackendBehaviourTest {

    static BackendContext ctx(FakeIptables fake) {
        return new BackendContext(fake, Map.of());
    }

    /** The mode-detecting provider over the fake, seeing the fake's legacy tables. */
    static FirewallBackend auto(FakeIptables fake) throws BackendException {
        return new IptablesProvider(fake.legacyTables()).create(ctx(fake));
    }

    @Test
    void providerIds() {
        assertEquals(List.of("iptables", "iptables-legacy", "iptables-nft"),
                List.of(new IptablesProvider().id(), new IptablesLegacyProvider().id(), new IptablesNftProvider().id()));
    }

    @Test
    void moduleProvidesTheThreeProvidersAndExportsNothing() {
        var descriptor = IptablesProvider.class.getModule().getDescriptor();
        if (descriptor == null) {
            return; // run on the class path (IDE): nothing to check
        }
        assertEquals(java.util.Set.of(), descriptor.exports());
        assertEquals(List.of("masq.backend.iptables.IptablesProvider", "masq.backend.iptables.IptablesLegacyProvider",
                "masq.backend.iptables.IptablesNftProvider"), descriptor.provides().iterator().next().providers());
    }

    @Test
    void probeReportsTheVersionOrWhatIsMissing() {
        assertEquals(Availability.available("iptables v1.8.9 (legacy)"), new IptablesLegacyProvider().probe(ctx(new FakeIptables())));
        Availability missing = new IptablesLegacyProvider().probe(ctx(new FakeIptables().withoutMode("legacy")));
        assertFalse(missing.available());
        assertEquals("iptables-legacy not found", missing.detail());
        assertTrue(new IptablesProvider().probe(ctx(new FakeIptables().withoutMode("nft"))).available());
    }

    @Test
    void missingBinariesFailSyncNamingTheBinaryButRenderStillWorks() throws Exception {
        FakeIptables fake = new FakeIptables().withoutMode("legacy");
        FirewallBackend b = new IptablesLegacyProvider(fake.legacyTables()).create(ctx(fake));
        BackendException e = assertThrows(BackendException.class, () -> b.sync(MasqPolicy.defaults()));
        assertEquals(BackendException.Reason.UNAVAILABLE, e.reason());
        // No legacy nat table exists, so there is nothing to read: the write is the first command.
        assertTrue(e.getMessage().contains("cannot run iptables-legacy-restore (is the iptables package installed"), e.getMessage());
        String text = b.render(MasqPolicy.defaults()).payloads().getFirst().text();
        assertTrue(text.contains("-j MASQUERADE --random-fully\n"), text);
        assertEquals("", b.info().toolVersion());
    }

    @Test
    void autoModeFollowsKubeletHintChainThenRuleCounts() throws Exception {
        FakeIptables hinted = new FakeIptables();
        hinted.load("iptables-legacy", "*mangle\n:KUBE-IPTABLES-HINT - [0:0]\nCOMMIT\n");
        hinted.load("iptables-nft", "*nat\n:X - [0:0]\n-A X -j RETURN\n-A X -j RETURN\nCOMMIT\n");
        assertEquals("legacy", auto(hinted).info().mode());

        FakeIptables bothHinted = new FakeIptables();
        bothHinted.load("ip6tables-nft", "*mangle\n:KUBE-KUBELET-CANARY - [0:0]\nCOMMIT\n");
        bothHinted.load("iptables-legacy", "*mangle\n:KUBE-IPTABLES-HINT - [0:0]\nCOMMIT\n");
        assertEquals("nft", auto(bothHinted).info().mode());

        FakeIptables moreLegacy = new FakeIptables();
        moreLegacy.load("ip6tables-legacy", "*nat\n:X - [0:0]\n-A X -j RETURN\nCOMMIT\n");
        assertEquals("legacy", auto(moreLegacy).info().mode());

        FakeIptables equal = new FakeIptables();
        equal.load("iptables-legacy", "*nat\n:X - [0:0]\n-A X -j RETURN\nCOMMIT\n");
        equal.load("iptables-nft", "*nat\n:X - [0:0]\n-A X -j RETURN\nCOMMIT\n");
        assertEquals("nft", auto(equal).info().mode());

        assertEquals("nft", auto(new FakeIptables()).info().mode());
    }

    @Test
    void detectionAndCreateOnlyRead() throws Exception {
        FakeIptables fake = new FakeIptables();
        auto(fake);
        assertEquals(0, fake.restoreCalls());
        assertTrue(fake.calls().stream().allMatch(c -> c.argv().getFirst().endsWith("-save") || c.argv().contains("--version")),
                fake.calls().toString());
    }

    @Test
    void xtablesWaitOptionIsPassedAndValidated() throws Exception {
        FakeIptables fake = new FakeIptables();
        new IptablesNftProvider().create(new BackendContext(fake, Map.of("xtables-wait", "2"))).sync(MasqPolicy.defaults());
        assertEquals(List.of("iptables-nft-restore", "-w", "2", "--noflush"),
                fake.calls().stream().filter(c -> c.argv().getFirst().endsWith("-restore")).findFirst().orElseThrow().argv());
        BackendException bad = assertThrows(BackendException.class,
                () -> new IptablesNftProvider().create(new BackendContext(fake, Map.of("xtables-wait", "5s"))));
        assertTrue(bad.getMessage().contains("xtables-wait=\"5s\""), bad.getMessage());
        BackendException unknown = assertThrows(BackendException.class,
                () -> new IptablesNftProvider().create(new BackendContext(fake, Map.of("nft-binary", "/x"))));
        assertTrue(unknown.getMessage().contains("\"nft-binary\""), unknown.getMessage());
    }

    @Test
    void lockContentionIsLockedAndChangesNothing() throws Exception {
        FakeIptables fake = new FakeIptables();
        FirewallBackend b = new IptablesNftProvider().create(ctx(fake));
        String before = fake.dump("iptables-nft", "nat");
        fake.failNextRestore(new CommandRunner.Result(4, "",
                "Another app is currently holding the xtables lock. Stopped waiting after 5s.\n"));
        BackendException e = assertThrows(BackendException.class, () -> b.sync(MasqPolicy.defaults()));
        assertEquals(BackendException.Reason.LOCKED, e.reason());
        assertTrue(e.getMessage().startsWith("failed to apply the IPv4 nat rules: iptables-nft-restore exited with 4: Another app"),
                e.getMessage());
        assertEquals(before, fake.dump("iptables-nft", "nat"));
        assertTrue(b.sync(MasqPolicy.defaults()).changed());
    }

    @Test
    void stderrIsClassified() {
        assertEquals(BackendException.Reason.REJECTED, Errors.reason(1, "iptables-restore: line 3 failed"));
        assertEquals(BackendException.Reason.REJECTED, Errors.reason(2, "iptables-nft-restore v1.8.9 (nf_tables): Chain 'FOO' does not exist\nError occurred at line: 3"));
        assertEquals(BackendException.Reason.REJECTED, Errors.reason(4, "iptables-nft-restore v1.8.9 (nf_tables): \nline 4: CHAIN_DEL failed (Device or resource busy): chain A"));
        assertEquals(BackendException.Reason.LOCKED, Errors.reason(4, "Another app is currently holding the xtables lock. Perhaps you want to use the -w option?"));
        BackendException e = Errors.classify("read the nat table", "iptables-nft-save", new CommandRunner.Result(4, "", "Cannot allocate memory\n"));
        assertEquals(BackendException.Reason.FAILED, e.reason());
        assertEquals("failed to read the nat table: iptables-nft-save exited with 4 (resource problem): Cannot allocate memory", e.getMessage());
    }

    @Test
    void aLeftoverChainStillUsedByForeignRulesIsLeftInPlace() throws Exception {
        FakeIptables fake = new FakeIptables();
        fake.load("iptables-nft", """
                *nat
                :IP-MASQ-AGENT - [0:0]
                :FOREIGN - [0:0]
                -A POSTROUTING -m comment --comment "ip-masq-agent: ensure nat POSTROUTING directs all non-LOCAL destination traffic to our custom IP-MASQ-AGENT chain" -m addrtype ! --dst-type LOCAL -j IP-MASQ-AGENT
                -A IP-MASQ-AGENT -m comment --comment "ip-masq-agent: outbound traffic is subject to MASQUERADE (must be last in chain)" -j MASQUERADE
                -A FOREIGN -j IP-MASQ-AGENT
                COMMIT
                """);
        MasqPolicy renamed = new MasqPolicy(MasqPolicy.defaults().families(), MasqPolicy.defaults().nonMasquerade(), List.of(),
                false, false, List.of(), true, "IP-MASQ");
        assertTrue(new IptablesNftProvider().create(ctx(fake)).sync(renamed).changed());
        String dump = fake.dump("iptables-nft", "nat");
        assertTrue(dump.contains(":IP-MASQ-AGENT - [0:0]") && dump.contains("-A FOREIGN -j IP-MASQ-AGENT"), dump);
        assertFalse(dump.contains("custom IP-MASQ-AGENT chain"), dump);
    }
}
