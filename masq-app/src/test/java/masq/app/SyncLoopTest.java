package masq.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
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
import masq.config.CidrEntry;
import masq.config.EffectiveConfig;
import masq.config.LoadResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class SyncLoopTest {

    /** A stateful fake kernel: holds the applied policy, reports a change only when it differs. */
    static final class FakeBackend implements FirewallBackend {
        final List<MasqPolicy> syncs = new ArrayList<>();
        MasqPolicy applied;
        boolean failNext;

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
            if (failNext) {
                failNext = false;
                throw new BackendException(BackendException.Reason.REJECTED, "failed to apply: rejected");
            }
            boolean changed = !policy.equals(applied);
            applied = policy;
            return changed ? new SyncResult(true, "applied") : SyncResult.unchanged();
        }

        @Override
        public void cleanup() {
            applied = null;
        }
    }

    /** Counts waits, remembers the intervals asked for, stops after a set number of iterations. */
    static final class FakeTimer implements LoopTimer {
        final List<Duration> waits = new ArrayList<>();
        final int iterations;

        FakeTimer(int iterations) {
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
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Logger logger;

    @BeforeEach
    void captureLogs() {
        logger = (Logger) LoggerFactory.getLogger(SyncLoop.class);
        logger.setLevel(Level.DEBUG);
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        logger.detachAppender(logs);
    }

    private static LoadResult valid(String cidr, Duration interval) {
        EffectiveConfig c = new EffectiveConfig(List.of(new CidrEntry(Cidr.parse(cidr), "ip-masq-agent", "nonMasqueradeCIDRs[0]", cidr)),
                List.of(), List.of(), false, false, interval, List.of("ip-masq-agent"));
        return new LoadResult(Optional.of(c), List.of());
    }

    private static LoadResult invalid(String value) {
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
        assertEquals(SyncLoop.Outcome.SYNCED, loop.syncOnce());
        assertEquals(SyncLoop.Outcome.CONFIG_INVALID, loop.syncOnce());
        assertEquals(SyncLoop.Outcome.CONFIG_INVALID, loop.syncOnce());
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
        assertEquals(SyncLoop.Outcome.NO_VALID_CONFIG, loop.syncOnce());
        assertEquals(SyncLoop.Outcome.NO_VALID_CONFIG, loop.syncOnce());
        assertEquals(FLAG_INTERVAL, loop.interval());
        assertEquals(List.of(), backend.syncs);
        assertEquals(2, messages(Level.ERROR, "no valid configuration yet").size());
        assertEquals(SyncLoop.Outcome.SYNCED, loop.syncOnce());
        assertEquals(List.of(policyOf("172.16.0.0/12")), backend.syncs);
    }

    @Test
    void aFailedSyncIsLoggedAndRetriedNextInterval() throws InterruptedException {
        results.add(valid("10.0.0.0/8", FLAG_INTERVAL));
        backend.failNext = true;
        SyncLoop loop = loop(interval -> false);
        assertEquals(SyncLoop.Outcome.SYNC_FAILED, loop.syncOnce());
        assertTrue(messages(Level.ERROR, "Error syncing masquerade rules (REJECTED): failed to apply").size() == 1);
        assertEquals(SyncLoop.Outcome.SYNCED, loop.syncOnce());
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

    @Test
    void stopSignalEndsTheWait() throws InterruptedException {
        StopSignal stop = new StopSignal();
        stop.stop();
        assertEquals(false, stop.awaitNext(Duration.ofHours(1)));
    }
}
