package masq.app.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import masq.api.IpFamily;
import masq.api.MasqPolicy;
import masq.api.spi.Availability;
import masq.api.spi.BackendContext;
import masq.api.spi.BackendInfo;
import masq.api.spi.FirewallBackend;
import masq.api.spi.FirewallBackendProvider;
import masq.api.spi.Rendering;
import masq.api.spi.SyncResult;
import masq.app.logging.CapturedLogs;
import masq.app.sync.SyncLoop;
import masq.app.sync.SyncLoopTest;
import masq.app.sync.SyncOutcome;
import masq.app.sync.WakeableTimer;
import masq.config.LoadResult;
import org.junit.jupiter.api.Test;

class BackendSwitchTest {
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

    /**
     * The run's lifecycle as {@link Reconciler#run} takes it: a real {@link SyncLoop} over these configs (the
     * last one repeats) and a fake backend failing its first {@code failures} syncs, {@code iterations} long.
     *
     * @return per iteration, its outcome and what had been cleaned when it was told
     */
    private List<String> lifecycle(BackendSwitch step, int iterations, int failures, LoadResult... configs)
            throws InterruptedException {
        Deque<LoadResult> results = new ArrayDeque<>(List.of(configs));
        SyncLoopTest.FakeBackend backend = new SyncLoopTest.FakeBackend();
        backend.failTimes = failures;
        List<String> told = new ArrayList<>();
        SyncLoop loop = new SyncLoop(() -> results.size() > 1 ? results.poll() : results.peek(),
                c -> c.toPolicy(Set.of(IpFamily.IPV4), List.of(), true, "IP-MASQ-AGENT"), backend,
                new SyncLoopTest.FakeTimer(iterations), Duration.ofSeconds(60), false, event -> {
                    if (event instanceof SyncOutcome outcome) {
                        told.add(outcome.label() + " " + cleaned);
                    }
                });
        new Reconciler(new WakeableTimer(), false).run(loop, step);
        return told;
    }

    @Test
    void everyOtherFixedRulesetIsCleanedOnceAfterTheFirstGoodSync() throws InterruptedException {
        BackendSwitch step = BackendSwitch.forRunning(Optional.of("ruleset-c"), all(), context);
        List<String> told = lifecycle(step, 4, 1, SyncLoopTest.invalid("bad"), SyncLoopTest.valid("10.0.0.0/8", Duration.ofSeconds(60)));
        assertEquals(List.of("NO_VALID_CONFIG []", "SYNC_FAILED []", "SYNCED []", "SYNCED [a]"), told,
                "nothing removed before our own rules are in place");
        assertEquals(List.of("a"), cleaned, "b is unavailable, c is the running ruleset, the rest have none; each only once");
    }

    @Test
    void anInvalidConfigStillCountsAsAGoodSyncOfTheLastGoodRules() throws InterruptedException {
        // The first config is valid but its sync fails; then the config turns invalid and the last good policy is synced.
        BackendSwitch step = BackendSwitch.forRunning(Optional.of("ruleset-a"), all(), context);
        List<String> told = lifecycle(step, 2, 1, SyncLoopTest.valid("10.0.0.0/8", Duration.ofSeconds(60)), SyncLoopTest.invalid("bad"));
        assertEquals(List.of("SYNC_FAILED []", "CONFIG_INVALID []"), told);
        assertEquals(List.of("c"), cleaned);
    }

    @Test
    void aRunningBackendWithoutARulesetNeverTouchesOtherBackends() {
        assertEquals(BackendSwitch.NONE, BackendSwitch.forRunning(Optional.empty(), all(), context));
        BackendSwitch.NONE.removeLeftovers();
        assertEquals(List.of(), cleaned);
    }

    @Test
    void removedIsLoggedOnlyWhenSomethingWasRemoved() {
        try (CapturedLogs logs = new CapturedLogs(BackendSwitch.class.getName())) {
            BackendSwitch.forRunning(Optional.of("ruleset-b"), all(), context).removeLeftovers();
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
