package masq.app.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import masq.api.Cidr;
import masq.api.ConfigProblem;
import masq.api.IpFamily;
import masq.api.MasqPolicy;
import masq.api.spi.BackendException;
import masq.api.spi.BackendInfo;
import masq.api.spi.FirewallBackend;
import masq.api.spi.Rendering;
import masq.api.spi.SyncResult;
import masq.app.cli.AgentOptions;
import masq.app.cli.ArgParser;
import masq.app.discovery.ConfigSources;
import masq.app.logging.CapturedLogs;
import masq.app.ops.HealthState;
import masq.config.CidrEntry;
import masq.config.EffectiveConfig;
import masq.config.LoadResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class SyncLoopTest {

    /** A stateful fake kernel: holds the applied policy, reports a change only when it differs. */
    public static final class FakeBackend implements FirewallBackend {
        final List<MasqPolicy> syncs = java.util.Collections.synchronizedList(new ArrayList<>());
        volatile MasqPolicy applied;
        boolean failNext;
        public int failTimes;

        @Override
        public BackendInfo info() {
            return new BackendInfo("fake", "memory", "");
        }

        @Override
        public Rendering render(MasqPolicy policy) {
            return new Rendering(List.of(new Rendering.Payload("fake", policy.toString())));
        }

        @Override
        public SyncResult sync(MasqPolicy policy) throws BackendException {
            syncs.add(policy);
            if (failNext || failTimes > 0) {
                failNext = false;
                failTimes = Math.max(0, failTimes - 1);
                throw new BackendException(BackendException.Reason.REJECTED, "failed to apply: rejected");
            }
            boolean changed = !policy.equals(applied);
            applied = policy;
            return changed ? new SyncResult(true, "applied") : SyncResult.unchanged();
        }

        @Override
        public SyncResult cleanup() {
            boolean had = applied != null;
            applied = null;
            return had ? new SyncResult(true, "removed") : SyncResult.nothingRemoved();
        }
    }

    /** Counts waits, remembers the intervals asked for, stops after a set number of iterations. */
    public static final class FakeTimer implements LoopTimer {
        final List<Duration> waits = new ArrayList<>();
        final int iterations;

        public FakeTimer(int iterations) {
            this.iterations = iterations;
        }

        @Override
        public boolean awaitNext(Duration interval) {
            waits.add(interval);
            return waits.size() < iterations;
        }
    }

    private static final Duration FLAG_INTERVAL = Duration.ofSeconds(60);
    private final Deque<LoadResult> results = new ArrayDeque<>();
    private final FakeBackend backend = new FakeBackend();
    private CapturedLogs logs;

    @BeforeEach
    void captureLogs() {
        logs = new CapturedLogs(SyncLoop.class.getName());
    }

    @AfterEach
    void releaseLogs() {
        logs.close();
    }

    public static LoadResult valid(String cidr, Duration interval) {
        EffectiveConfig c = new EffectiveConfig(List.of(new CidrEntry(Cidr.parse(cidr), "ip-masq-agent", "nonMasqueradeCIDRs[0]", cidr)),
                List.of(), List.of(), false, false, interval, List.of("ip-masq-agent"));
        return new LoadResult(Optional.of(c), List.of());
    }

    public static LoadResult invalid(String value) {
        return new LoadResult(Optional.empty(), List.of(ConfigProblem.of(ConfigProblem.Severity.ERROR,
                ConfigProblem.Kind.INVALID_CIDR, new ConfigProblem.Origin("ip-masq-agent", "nonMasqueradeCIDRs[0]", value),
                "invalid CIDR address: " + value)));
    }

    private SyncLoop loop(LoopTimer timer) {
        return new SyncLoop(() -> results.size() > 1 ? results.poll() : results.peek(),
                c -> c.toPolicy(Set.of(IpFamily.IPV4), List.of(), true, "IP-MASQ-AGENT"), backend, timer, FLAG_INTERVAL, false);
    }

    private static MasqPolicy policyOf(String cidr) {
        return new MasqPolicy(Set.of(IpFamily.IPV4), List.of(Cidr.parse(cidr)), List.of(), false, false, List.of(), true,
                "IP-MASQ-AGENT");
    }

    private List<String> messages(Level level, String prefix) {
        return logs.list.stream().filter(e -> e.getLevel() == level && e.getFormattedMessage().startsWith(prefix))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void syncsOncePerIntervalUsingTheConfigsInterval() throws InterruptedException {
        results.add(valid("10.0.0.0/8", Duration.ofSeconds(5)));
        FakeTimer timer = new FakeTimer(3);
        loop(timer).run();
        assertEquals(3, backend.syncs.size());
        assertEquals(List.of(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5)), timer.waits);
        assertEquals(policyOf("10.0.0.0/8"), backend.applied);
    }

    @Test
    void aConfigAskingForOneNanosecondWaitsAtLeastTheFloorBetweenSyncsAndRetries(@TempDir Path dir) throws Exception {
        // Through the real source and engine, as run wires it: 1ns used to make the loop spin (53 930 syncs in 10 s).
        Files.writeString(dir.resolve("ip-masq-agent"), "nonMasqueradeCIDRs: [10.0.0.0/8]\nresyncInterval: 1ns\n");
        AgentOptions options = AgentOptions.from(ArgParser.parse(List.of("--config-dir", dir.toString(),
                "--resync-interval=1ns")));
        FakeTimer timer = new FakeTimer(4);
        backend.failTimes = 2;
        new SyncLoop(ConfigSources.boot().directory(options.configDir(), options.configFilePrefix(), options.configSettings()),
                options::policy, backend, timer,
                options.resyncInterval(), false, LoopListener.NONE, new Backoff(Duration.ofSeconds(1)), 5).run();
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)),
                timer.waits, "two failed syncs (retries), then two good ones");
        assertEquals(4, backend.syncs.size());
    }

    @Test
    void problemsBeyondTheReportsBoundsAreOneLineLoggedOnce() {
        LoadResult bounded = new LoadResult(Optional.empty(), invalid("bad").problems(), new LoadResult.Omitted(1234, 5));
        results.add(bounded);
        results.add(bounded);
        SyncLoop loop = loop(interval -> false);
        loop.syncOnce();
        loop.syncOnce();
        assertEquals(List.of("config ... and 1239 more problems not listed (1234 errors, 5 warnings): at most 100 errors"
                + " and 100 warnings per file, 500 of each in all"), messages(Level.ERROR, "config ..."));
        assertEquals(1, messages(Level.DEBUG, "config ...").size(), "the same report again: DEBUG");
    }

    /** An unchanged config (the loader's same result) is not turned into a policy again; a changed one is. */
    @Test
    void theSameConfigIsNotTurnedIntoAPolicyAgain() {
        LoadResult same = valid("10.0.0.0/8", FLAG_INTERVAL);
        results.add(same);
        results.add(same);
        results.add(valid("10.0.0.0/8", FLAG_INTERVAL));
        java.util.concurrent.atomic.AtomicInteger built = new java.util.concurrent.atomic.AtomicInteger();
        SyncLoop loop = new SyncLoop(() -> results.size() > 1 ? results.poll() : results.peek(), c -> {
            built.incrementAndGet();
            return c.toPolicy(Set.of(IpFamily.IPV4), List.of(), true, "IP-MASQ-AGENT");
        }, backend, interval -> false, FLAG_INTERVAL, false);
        loop.syncOnce();
        loop.syncOnce();
        assertEquals(1, built.get(), "the same config object: the policy is reused");
        assertTrue(backend.syncs.get(0) == backend.syncs.get(1), "the very same policy is synced");
        loop.syncOnce();
        assertEquals(2, built.get(), "an equal but new config object: built again");
        assertEquals(policyOf("10.0.0.0/8"), backend.syncs.get(2));
    }

    @Test
    void logsChangedSyncsAtInfoAndSteadyStateAtDebug() throws InterruptedException {
        results.add(valid("10.0.0.0/8", FLAG_INTERVAL));
        loop(new FakeTimer(3)).run();
        assertEquals(List.of("rules synced: applied"), messages(Level.INFO, "rules synced"));
        assertEquals(2, messages(Level.DEBUG, "rules in sync").size());
    }

    @Test
    void invalidConfigKeepsSyncingTheLastGoodPolicyAndLogsProblemsOnce() {
        results.add(valid("10.0.0.0/8", Duration.ofSeconds(7)));
        results.add(invalid("10.0.0.1/8"));
        SyncLoop loop = loop(interval -> false);
        assertInstanceOf(SyncOutcome.Synced.class, loop.syncOnce());
        assertInstanceOf(SyncOutcome.KeptLastGood.class, loop.syncOnce());
        assertInstanceOf(SyncOutcome.KeptLastGood.class, loop.syncOnce());
        assertEquals(List.of(policyOf("10.0.0.0/8"), policyOf("10.0.0.0/8"), policyOf("10.0.0.0/8")), backend.syncs);
        assertEquals(Duration.ofSeconds(7), loop.interval());
        assertEquals(1, messages(Level.ERROR, "config error: ip-masq-agent: nonMasqueradeCIDRs[0]: \"10.0.0.1/8\"").size());
    }

    @Test
    void withNoGoodConfigYetNothingIsAppliedUntilOneAppears() {
        results.add(invalid("bad"));
        results.add(invalid("bad"));
        results.add(valid("172.16.0.0/12", FLAG_INTERVAL));
        SyncLoop loop = loop(interval -> false);
        assertInstanceOf(SyncOutcome.NoValidConfig.class, loop.syncOnce());
        assertInstanceOf(SyncOutcome.NoValidConfig.class, loop.syncOnce());
        assertEquals(FLAG_INTERVAL, loop.interval());
        assertEquals(List.of(), backend.syncs);
        assertEquals(1, messages(Level.ERROR, "no valid configuration yet").size(), "said once, not every interval");
        assertEquals(1, messages(Level.DEBUG, "no valid configuration yet").size());
        assertInstanceOf(SyncOutcome.Synced.class, loop.syncOnce());
        assertEquals(List.of(policyOf("172.16.0.0/12")), backend.syncs);
    }

    @Test
    void aFailedSyncIsLoggedAndRetriedNextInterval() throws InterruptedException {
        results.add(valid("10.0.0.0/8", FLAG_INTERVAL));
        backend.failNext = true;
        SyncLoop loop = loop(interval -> false);
        assertInstanceOf(SyncOutcome.Failed.class, loop.syncOnce());
        assertTrue(messages(Level.ERROR, "Error syncing masquerade rules (REJECTED): failed to apply").size() == 1);
        assertInstanceOf(SyncOutcome.Synced.class, loop.syncOnce());
        assertEquals(policyOf("10.0.0.0/8"), backend.applied);
    }

    @Test
    void aNewConfigIsAppliedAtTheNextIteration() {
        results.add(valid("10.0.0.0/8", FLAG_INTERVAL));
        results.add(valid("192.168.0.0/16", Duration.ofSeconds(30)));
        SyncLoop loop = loop(interval -> false);
        loop.syncOnce();
        loop.syncOnce();
        assertEquals(policyOf("192.168.0.0/16"), backend.applied);
        assertEquals(Duration.ofSeconds(30), loop.interval());
        assertEquals(2, messages(Level.INFO, "using config ip-masq-agent").size());
    }

    /** Wakes with a scripted trigger sequence, then stops; remembers the waits asked for. */
    static class ScriptedTimer implements LoopTimer {
        final List<Duration> waits = new ArrayList<>();
        final Deque<Trigger> script;
        Trigger last;

        ScriptedTimer(Trigger... script) {
            this.script = new ArrayDeque<>(List.of(script));
        }

        @Override
        public boolean awaitNext(Duration interval) {
            waits.add(interval);
            last = script.poll();
            return last != null;
        }

        @Override
        public Trigger lastTrigger() {
            return last;
        }
    }

    /** Records every start and outcome, in order, as text: a drift repair before its outcome. */
    static final class RecordingEvents implements LoopListener {
        final List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void on(LoopEvent event) {
            switch (event) {
                case LoopEvent.Started started -> seen.add("trigger " + started.trigger());
                case LoopEvent.ConfigLoaded loaded -> { }
                case SyncOutcome outcome -> {
                    if (outcome instanceof SyncOutcome.InForce inForce && inForce.drift()) {
                        seen.add("drift " + inForce.result().summary());
                    }
                    seen.add("finished " + outcome.label());
                }
            }
        }
    }

    private SyncLoop loop(LoopTimer timer, LoopListener events, int maxFailures) {
        return new SyncLoop(() -> results.size() > 1 ? results.poll() : results.peek(),
                c -> c.toPolicy(Set.of(IpFamily.IPV4), List.of(), true, "IP-MASQ-AGENT"), backend, timer, FLAG_INTERVAL,
                false, events, new Backoff(Duration.ofSeconds(1)), maxFailures);
    }

    @Test
    void failedSyncsAreRetriedWithDoublingBackoffCappedAtTheIntervalAndResetOnSuccess() throws InterruptedException {
        results.add(valid("10.0.0.0/8", Duration.ofSeconds(5)));
        backend.failTimes = 4;
        ScriptedTimer timer = new ScriptedTimer(Trigger.PERIODIC, Trigger.PERIODIC, Trigger.PERIODIC, Trigger.PERIODIC,
                Trigger.PERIODIC);
        RecordingEvents events = new RecordingEvents();
        loop(timer, events, 10).run();
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofSeconds(5)), timer.waits, "1 s doubling, capped at the 5 s interval; reset by the success");
        assertEquals(List.of("trigger START", "finished SYNC_FAILED", "trigger RETRY", "finished SYNC_FAILED",
                "trigger RETRY", "finished SYNC_FAILED", "trigger RETRY", "finished SYNC_FAILED",
                "trigger RETRY", "finished SYNCED", "trigger PERIODIC", "finished SYNCED"), events.seen);
        assertEquals(policyOf("10.0.0.0/8"), backend.applied);
        assertEquals(1, messages(Level.ERROR, "Error syncing masquerade rules (REJECTED)").size(), "the same failure is logged once");
        assertEquals(3, messages(Level.DEBUG, "Error syncing masquerade rules (REJECTED)").size());
        assertEquals(List.of("sync succeeded again after 4 failed attempt(s)"), messages(Level.INFO, "sync succeeded again"));
    }

    @Test
    void reachingMaxFailuresIsLoggedOnceAndHealthTurnsUnhealthyThenRecovers() {
        results.add(valid("10.0.0.0/8", FLAG_INTERVAL));
        HealthState health = new HealthState(java.time.Clock.systemUTC(), 3);
        SyncLoop loop = loop(interval -> false, health, 3);
        backend.failTimes = 5;
        for (int i = 1; i <= 5; i++) {
            assertInstanceOf(SyncOutcome.Failed.class, loop.syncOnce());
            assertEquals(i < 3, health.healthy(Duration.ofMinutes(5)), "healthy after " + i + " failures");
            assertEquals(false, health.ready());
        }
        assertEquals(List.of("3 consecutive sync failures: reporting unhealthy until a sync succeeds"),
                messages(Level.ERROR, "3 consecutive"));
        assertInstanceOf(SyncOutcome.Synced.class, loop.syncOnce());
        assertTrue(health.healthy(Duration.ofMinutes(5)));
        assertTrue(health.ready());
        assertEquals(0, health.consecutiveFailures());
    }

    @Test
    void aWriteWithoutAPolicyChangeIsReportedAsDriftRepaired() throws InterruptedException {
        results.add(valid("10.0.0.0/8", FLAG_INTERVAL));
        RecordingEvents events = new RecordingEvents();
        ScriptedTimer timer = new ScriptedTimer(Trigger.PERIODIC, Trigger.EXTERNAL_CHANGE) {
            @Override
            public boolean awaitNext(Duration interval) {
                backend.applied = null; // someone flushed our rules while we waited
                return super.awaitNext(interval);
            }
        };
        loop(timer, events, 5).run();
        assertEquals(List.of("trigger START", "finished SYNCED", "trigger PERIODIC", "drift applied", "finished SYNCED",
                "trigger EXTERNAL_CHANGE", "drift applied", "finished SYNCED"), events.seen);
        assertEquals(1, messages(Level.INFO, "rules synced: applied").size());
        assertEquals(2, messages(Level.INFO, "rules repaired (changed by someone else): applied").size());
    }

    @Test
    void aNewPolicyIsNotDriftAndTheTriggerIsPassedOn() throws InterruptedException {
        results.add(valid("10.0.0.0/8", FLAG_INTERVAL));
        results.add(valid("192.168.0.0/16", FLAG_INTERVAL));
        RecordingEvents events = new RecordingEvents();
        loop(new ScriptedTimer(Trigger.CONFIG_CHANGED), events, 5).run();
        assertEquals(List.of("trigger START", "finished SYNCED", "trigger CONFIG_CHANGED", "finished SYNCED"), events.seen);
        assertEquals(policyOf("192.168.0.0/16"), backend.applied);
    }

    @Test
    void steadyStateAndARepeatedBadConfigLogNothingAboveDebugAfterTheFirstTime() throws InterruptedException {
        results.add(valid("10.0.0.0/8", FLAG_INTERVAL));
        results.add(invalid("10.0.0.1/8"));
        loop(new FakeTimer(20)).run();
        List<String> loud = logs.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(List.of(
                "using config ip-masq-agent: 1 non-masquerade and 0 masquerade CIDRs, resync every 1m0s",
                "rules synced: applied",
                "config error: ip-masq-agent: nonMasqueradeCIDRs[0]: \"10.0.0.1/8\": invalid CIDR address: 10.0.0.1/8",
                "configuration invalid: keeping the last good policy"), loud, "20 iterations");
    }

    @Test
    void defaultsAreSaidOnceWhenTheConfigFilesGoAndOnceWhenTheyComeBack() {
        EffectiveConfig none = new EffectiveConfig(List.of(new CidrEntry(Cidr.parse("10.0.0.0/8"), "(default)", "", "")),
                List.of(), List.of(), false, false, FLAG_INTERVAL, List.of());
        results.add(valid("10.0.0.0/8", FLAG_INTERVAL));
        results.add(new LoadResult(Optional.of(none), List.of()));
        results.add(new LoadResult(Optional.of(none), List.of()));
        results.add(valid("10.0.0.0/8", FLAG_INTERVAL));
        SyncLoop loop = loop(interval -> false);
        for (int i = 0; i < 4; i++) {
            loop.syncOnce();
        }
        assertEquals(1, messages(Level.INFO, "no config files (directory missing or empty): using the default configuration").size());
        assertEquals(List.of("config files found again: ip-masq-agent"), messages(Level.INFO, "config files found again"));
    }
}
