package masq.backend.nftables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import masq.api.MasqPolicy;
import masq.api.spi.BackendException;
import masq.api.spi.SyncResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** sync, drift, no-op and cleanup against the stateful fake kernel. */
class NftablesBackendFakeTest {

    private final FakeNftables kernel = new FakeNftables();
    private final NftablesBackend backend = new NftablesBackend(kernel, kernel, RulesetWatcher.NONE);

    private String table() {
        return kernel.run("list table inet ip-masq-agent\n").output();
    }

    private String ruleset() {
        return kernel.run("list ruleset\n").output();
    }

    @ParameterizedTest
    @ValueSource(strings = {"defaults", "custom-cidrs", "ipv6", "masq-link-local", "masquerade-cidrs", "to-ports",
            "random-fully-off"})
    void firstSyncSendsExactlyTheRenderingAndSecondWritesNothing(String name) throws BackendException {
        MasqPolicy policy = Policies.named(name);
        SyncResult first = backend.sync(policy);
        assertTrue(first.changed());
        assertEquals(List.of(backend.render(policy).payloads().getFirst().text()), kernel.writes());
        SyncResult second = backend.sync(policy);
        assertFalse(second.changed(), second.summary());
        assertEquals(1, kernel.writes().size(), "a matching table is never rewritten");
    }

    @Test
    void syncedTableListsAsGolden() throws BackendException {
        backend.sync(Policies.named("masquerade-cidrs"));
        Golden.assertMatches("masquerade-cidrs/listing.txt", table());
    }

    @Test
    void configChangeReachesTheGoldenListing() throws BackendException {
        backend.sync(Policies.named("defaults"));
        assertTrue(backend.sync(Policies.named("custom-cidrs")).changed());
        assertEquals(2, kernel.writes().size());
        Golden.assertMatches("custom-cidrs/listing.txt", table());
    }

    /** Each way someone can damage our table is noticed by the read-back and healed by one rewrite. */
    @ParameterizedTest
    @ValueSource(strings = {
            "delete table inet ip-masq-agent",
            "flush chain inet ip-masq-agent postrouting",
            "flush table inet ip-masq-agent",
            "add element inet ip-masq-agent nonmasq-ipv4 { 203.0.113.0/24 }",
            "delete element inet ip-masq-agent nonmasq-ipv4 { 10.0.0.0/8 }",
            "add rule inet ip-masq-agent postrouting accept",
            "add chain inet ip-masq-agent extra"})
    void driftIsDetectedAndHealed(String damage) throws BackendException {
        MasqPolicy policy = Policies.named("defaults");
        backend.sync(policy);
        String good = table();
        assertTrue(kernel.run(damage + "\n").ok(), damage);
        assertEquals(2, kernel.writes().size());
        SyncResult healed = backend.sync(policy);
        assertTrue(healed.changed(), "drift after: " + damage);
        assertEquals(good, table());
        assertFalse(backend.sync(policy).changed());
        Golden.assertMatches("drift/listing.txt", table());
    }

    @Test
    void cleanupDeletesOnlyOurTableAndToleratesAbsence() throws BackendException {
        String others = """
                add table ip kube-proxy
                add chain ip kube-proxy nat-postrouting { type nat hook postrouting priority srcnat; policy accept; }
                add rule ip kube-proxy nat-postrouting masquerade
                add table ip nat
                add chain ip nat POSTROUTING { type nat hook postrouting priority srcnat; policy accept; }
                add rule ip nat POSTROUTING counter packets 0 bytes 0 masquerade
                """;
        assertTrue(kernel.run(others).ok());
        String before = ruleset();
        backend.sync(Policies.named("ipv6"));
        backend.cleanup();
        assertEquals(before, ruleset());
        int writes = kernel.writes().size();
        backend.cleanup();
        assertEquals(writes, kernel.writes().size(), "nothing to delete: nothing written");
        Golden.assertMatches("cleanup/ruleset.txt", ruleset());
    }

    @Test
    void tenThousandCidrsApplyAndSecondSyncIsNoOp() throws BackendException {
        MasqPolicy policy = Policies.manyCidrs(10_000);
        assertTrue(backend.sync(policy).changed());
        assertFalse(backend.sync(policy).changed());
        assertEquals(1, kernel.writes().size());
        assertEquals(10_001, backend.list().orElseThrow().sets().get("nonmasq-ipv4").elements().size());
    }

    @Test
    void rejectedTransactionThrowsAndLeavesTheKernelAsItWas() throws BackendException {
        backend.sync(Policies.named("defaults"));
        String before = table();
        // An IPv6 element in an IPv4 set at the end of the batch fails it after the delete: nothing may change.
        NftExecutor sabotaged = new NftExecutor() {
            @Override
            public Result run(String script) {
                return script.startsWith("list") ? kernel.run(script)
                        : kernel.run(script + "add element inet ip-masq-agent masq-ipv4 { fd00::/8 }\n");
            }

            @Override
            public String mode() {
                return "sabotaged";
            }

            @Override
            public String version() {
                return "";
            }

            @Override
            public void close() {
            }
        };
        NftablesBackend other = new NftablesBackend(sabotaged, NftNetlink.viaText(sabotaged), RulesetWatcher.NONE);
        BackendException e = assertThrows(BackendException.class, () -> other.sync(Policies.named("ipv6")));
        assertEquals(BackendException.Reason.REJECTED, e.reason());
        assertTrue(e.getMessage().startsWith("failed to replace table inet ip-masq-agent: Error:"), e.getMessage());
        assertEquals(before, table());
    }
}
