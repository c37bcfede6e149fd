package masq.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import masq.api.MasqPolicy;
import masq.api.spi.Availability;
import masq.api.spi.BackendContext;
import masq.api.spi.BackendInfo;
import masq.api.spi.FirewallBackend;
import masq.api.spi.FirewallBackendProvider;
import masq.api.spi.Rendering;
import masq.api.spi.SyncResult;
import org.junit.jupiter.api.Test;

class ForeignRulesTest {
    private final List<String> cleaned = new ArrayList<>();
    private final BackendContext context = new BackendContext((argv, stdin, timeout) -> {
        throw new AssertionError("no command expected");
    }, Map.of());

    /**
     * A provider that records its cleanup (reporting a removal when {@code leftovers}); unavailable ones must
     * never be created. The ids are made up: only the ruleset ids decide.
     */
    private FirewallBackendProvider provider(String id, Optional<String> ruleset, boolean available, boolean leftovers) {
        return new FirewallBackendProvider() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String description() {
                return id;
            }

            @Override
            public Optional<String> rulesetId() {
                return ruleset;
            }

            @Override
            public Availability probe(BackendContext c) {
                return available ? Availability.available("yes") : Availability.unavailable("no");
            }

            @Override
            public FirewallBackend create(BackendContext c) {
                if (!available) {
                    throw new AssertionError("created an unavailable backend " + id);
                }
                return new FirewallBackend() {
                    @Override
                    public BackendInfo info() {
                        return new BackendInfo(id, "", "");
                    }

                    @Override
                    public Rendering render(MasqPolicy policy) {
                        return new Rendering(List.of());
                    }

                    @Override
                    public SyncResult sync(MasqPolicy policy) {
                        throw new AssertionError("foreign backends are only cleaned");
                    }

                    @Override
                    public SyncResult cleanup() {
                        cleaned.add(id);
                        return leftovers ? new SyncResult(true, "chain X removed") : SyncResult.nothingRemoved();
                    }
                };
            }
        };
    }

    private List<FirewallBackendProvider> all() {
        return List.of(provider("none", Optional.empty(), true, true), provider("auto", Optional.empty(), true, true),
                provider("a", Optional.of("ruleset-a"), true, true), provider("b", Optional.of("ruleset-b"), false, true),
                provider("c", Optional.of("ruleset-c"), true, false), provider("plugin-x", Optional.empty(), true, true));
    }

    private static void finish(LoopListener events, SyncOutcome outcome) {
        events.on(outcome);
    }

    @Test
    void everyOtherFixedRulesetIsCleanedOnceAfterTheFirstGoodSync() {
        LoopListener events = ForeignRules.forRunning(Optional.of("ruleset-c"), all(), context);
        finish(events, TestOutcomes.failed(1));
        finish(events, TestOutcomes.noValidConfig());
        assertEquals(List.of(), cleaned, "nothing removed before our own rules are in place");
        finish(events, TestOutcomes.synced());
        finish(events, TestOutcomes.synced());
        assertEquals(List.of("a"), cleaned, "b is unavailable, c is the running ruleset, the rest have none; each only once");
    }

    @Test
    void anInvalidConfigStillCountsAsAGoodSyncOfTheLastGoodRules() {
        finish(ForeignRules.forRunning(Optional.of("ruleset-a"), all(), context), TestOutcomes.keptLastGood());
        assertEquals(List.of("c"), cleaned);
    }

    @Test
    void aRunningBackendWithoutARulesetNeverTouchesOtherBackends() {
        assertEquals(LoopListener.NONE, ForeignRules.forRunning(Optional.empty(), all(), context));
        assertEquals(List.of(), cleaned);
    }

    @Test
    void removedIsLoggedOnlyWhenSomethingWasRemoved() {
        try (CapturedLogs logs = new CapturedLogs(ForeignRules.class.getName())) {
            finish(ForeignRules.forRunning(Optional.of("ruleset-b"), all(), context), TestOutcomes.synced());
            assertEquals(List.of("a", "c"), cleaned);
            assertEquals(1, logs.count("removed rules left by backend a: chain X removed"));
            assertEquals(0, logs.count("removed rules left by backend c"), "c had nothing to remove");
            assertEquals(1, logs.count("backend c: nothing to remove"));
        }
    }

    /** The built-in providers declare their rulesets: fixed modes and nftables do, auto-detect and dryrun do not. */
    @Test
    void builtInProvidersDeclareTheirRulesets() {
        java.util.Map<String, Optional<String>> declared = new java.util.TreeMap<>();
        ServiceLoader.load(FirewallBackendProvider.class).forEach(p -> declared.put(p.id(), p.rulesetId()));
        assertEquals(Map.of("dryrun", Optional.empty(), "iptables", Optional.empty(),
                "iptables-legacy", Optional.of("iptables-legacy"), "iptables-nft", Optional.of("iptables-nft"),
                "nftables", Optional.of("nftables")), declared);
    }
}
