package masq.app.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import masq.api.Cidr;
import masq.api.ConfigProblem;
import masq.api.IpFamily;
import masq.api.MasqPolicy;
import masq.api.spi.BackendException;
import masq.api.spi.BackendInfo;
import masq.api.spi.FirewallBackend;
import masq.api.spi.Rendering;
import masq.api.spi.SyncResult;
import masq.app.MovableClock;
import masq.app.ops.http.HttpRoutes;
import masq.app.sync.LoopListener;
import masq.app.sync.LoopTimer;
import masq.app.sync.SyncLoop;
import masq.app.sync.SyncOutcome;
import masq.testlab.NetnsLab;
import masq.config.CidrEntry;
import masq.config.EffectiveConfig;
import masq.config.LoadResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * /readyz while the backend hangs (issue 11 item 10): the real {@link SyncLoop} on its own thread, a backend
 * whose sync blocks until the test releases it, and {@link HealthState} on a clock the test moves, so the
 * 10 s limit is crossed without waiting for it.
 */
@Timeout(60)
class ReadinessWhileSyncingTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    /** Blocks every sync while {@link #hang} is set, until {@link #release} is called. */
    static final class HangingBackend implements FirewallBackend {
        volatile boolean hang;
        final Semaphore entered = new Semaphore(0);
        final Semaphore released = new Semaphore(0);

        @Override
        public BackendInfo info() {
            return new BackendInfo("hanging", "memory", "");
        }

        @Override
        public Rendering render(MasqPolicy policy) {
            return new Rendering(List.of());
        }

        @Override
        public SyncResult sync(MasqPolicy policy) throws BackendException {
            if (hang) {
                entered.release();
                released.acquireUninterruptibly();
            }
            return SyncResult.unchanged();
        }

        @Override
        public SyncResult cleanup() {
            return SyncResult.nothingRemoved();
        }

        void awaitEntered() throws InterruptedException {
            assertTrue(entered.tryAcquire(DEADLINE.toSeconds(), TimeUnit.SECONDS), "the sync reached the backend");
        }
    }

    private final MovableClock clock = new MovableClock();
    private final HealthState health = new HealthState(clock, 3);
    private final HangingBackend backend = new HangingBackend();
    private final AtomicReference<LoadResult> config = new AtomicReference<>(valid("10.0.0.0/8"));
    /** true: run the next iteration; false: stop the loop. */
    private final BlockingQueue<Boolean> next = new LinkedBlockingQueue<>();
    private final AtomicInteger finished = new AtomicInteger();
    private Thread loop;

    private static LoadResult valid(String cidr) {
        return new LoadResult(Optional.of(new EffectiveConfig(List.of(new CidrEntry(Cidr.parse(cidr), "ip-masq-agent",
                "nonMasqueradeCIDRs[0]", cidr)), List.of(), List.of(), false, false, Duration.ofSeconds(60),
                List.of("ip-masq-agent"))), List.of());
    }

    private static LoadResult invalid() {
        return new LoadResult(Optional.empty(), List.of(ConfigProblem.of(ConfigProblem.Severity.ERROR, ConfigProblem.Kind.INVALID_CIDR,
                new ConfigProblem.Origin("ip-masq-agent", "nonMasqueradeCIDRs[0]", "x"), "invalid CIDR address: x")));
    }

    private void startLoop() {
        LoopListener counting = event -> {
            if (event instanceof SyncOutcome) {
                finished.incrementAndGet();
            }
        };
        LoopTimer timer = interval -> next.take();
        SyncLoop syncLoop = new SyncLoop(config::get, c -> c.toPolicy(Set.of(IpFamily.IPV4), List.of(), true, "IP-MASQ-AGENT"),
                backend, timer, Duration.ofSeconds(60), false, LoopListener.all(List.of(health, counting)));
        loop = Thread.ofPlatform().start(() -> {
            try {
                syncLoop.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @AfterEach
    void stopLoop() throws InterruptedException {
        backend.hang = false;
        backend.released.release(100);
        next.add(false);
        if (loop != null) {
            loop.join(DEADLINE.toMillis());
        }
    }

    private String readyz() {
        HttpRoutes.Response r = AgentRoutes.readyz(health);
        return r.status() + " " + r.bodyText();
    }

    private void awaitFinished(int n) {
        NetnsLab.waitFor(DEADLINE, n + " finished syncs", () -> finished.get() >= n);
    }

    /** Lets one iteration start with the backend hanging; returns once it is inside the backend. */
    private void hangingIteration() throws InterruptedException {
        backend.hang = true;
        next.add(true);
        backend.awaitEntered();
    }

    @Test
    void aHangingApplyOfANewConfigTurnsReadinessOffAfterTheLimitAndBackOnWhenItEnds() throws Exception {
        startLoop();
        awaitFinished(1);
        assertEquals("200 ok\n", readyz());

        config.set(valid("192.168.0.0/16"));
        hangingIteration();
        assertEquals("200 ok\n", readyz(), "a sync in progress is normal");
        clock.now = clock.now.plusSeconds(10);
        assertEquals("200 ok\n", readyz(), "exactly at the limit");
        clock.now = clock.now.plusSeconds(1);
        assertEquals("503 not ready: a sync has been running for 11s (limit 10s); the new config is not applied yet,"
                + " the previous rules stay in force\n", readyz());
        clock.now = clock.now.plusSeconds(50);
        assertEquals("503 not ready: a sync has been running for 1m1s (limit 10s); the new config is not applied yet,"
                + " the previous rules stay in force\n", readyz());

        backend.hang = false;
        backend.released.release();
        awaitFinished(2);
        assertEquals("200 ok\n", readyz(), "the new config is in force");
    }

    @Test
    void aHangingResyncOfTheSamePolicyAlsoTurnsReadinessOffButAnInvalidConfigAloneDoesNot() throws Exception {
        startLoop();
        awaitFinished(1);

        // The same policy again (periodic resync, drift repair) hanging: the rules in force are not confirmed.
        hangingIteration();
        clock.now = clock.now.plusSeconds(11);
        assertEquals("503 not ready: a sync has been running for 11s (limit 10s); the rules in force are not confirmed\n",
                readyz());
        backend.hang = false;
        backend.released.release();
        awaitFinished(2);
        assertEquals("200 ok\n", readyz());

        // An invalid new config: the last good policy is synced and stays in force, so still ready.
        config.set(invalid());
        next.add(true);
        awaitFinished(3);
        assertEquals("200 ok\n", readyz(), "invalid new config: last good policy in force");
        // ... unless syncing that last good policy hangs.
        hangingIteration();
        clock.now = clock.now.plusSeconds(11);
        assertEquals("503 not ready: a sync has been running for 11s (limit 10s); the rules in force are not confirmed\n",
                readyz());
    }
}
