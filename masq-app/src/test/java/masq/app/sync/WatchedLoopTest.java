package masq.app.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import masq.api.Cidr;
import masq.api.MasqPolicy;
import masq.app.cli.AgentOptions;
import masq.app.cli.ArgParser;
import masq.app.discovery.ConfigSources;
import masq.app.logging.CapturedLogs;
import masq.testlab.KubeletConfigMap;
import masq.testlab.NetnsLab;
import masq.config.LoadResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop as {@code run} wires it (real config source and engine, {@link ConfigWatcher}, {@link WakeableTimer}) with
 * the stateful fake backend, an hour-long resync interval so only the watcher can explain a reload, and a
 * kubelet-style ConfigMap directory.
 */
@Timeout(120)
class WatchedLoopTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final ConfigWatcher.Timing FAST = new ConfigWatcher.Timing(Duration.ofMillis(20), Duration.ofMillis(5),
            Duration.ofMillis(500), Duration.ofMillis(20));

    @TempDir
    Path tmp;
    private final SyncLoopTest.FakeBackend backend = new SyncLoopTest.FakeBackend();
    private final SyncLoopTest.RecordingEvents events = new SyncLoopTest.RecordingEvents();
    private final WakeableTimer wakeups = new WakeableTimer();
    private CapturedLogs logs;
    private CompletableFuture<Void> running;
    private ConfigWatcher watcher;

    @BeforeEach
    void captureLogs() {
        logs = new CapturedLogs(SyncLoop.class.getName());
    }

    @AfterEach
    void stop() throws Exception {
        wakeups.stop();
        if (running != null) {
            running.get(20, TimeUnit.SECONDS);
        }
        if (watcher != null) {
            watcher.close();
        }
        logs.close();
    }

    private void start(Path dir) throws Exception {
        AgentOptions options = AgentOptions.from(ArgParser.parse(List.of("--config-dir", dir.toString(), "--resync-interval=1h")));
        Supplier<LoadResult> config = ConfigSources.boot().directory(options.configDir(), options.configFilePrefix(),
                options.configSettings());
        SyncLoop loop = new SyncLoop(config, options::policy, backend, wakeups, options.resyncInterval(), false,
                events, new Backoff(Duration.ofSeconds(1)), 5);
        watcher = ConfigWatcher.start(dir, () -> wakeups.wake(Trigger.CONFIG_CHANGED), FAST);
        running = CompletableFuture.runAsync(() -> {
            try {
                loop.run();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static String yaml(String... nonMasq) {
        return "nonMasqueradeCIDRs:\n" + String.join("", java.util.Arrays.stream(nonMasq).map(c -> "  - " + c + "\n").toList())
                + "resyncInterval: 1h\n";
    }

    private void awaitApplied(String what, String... nonMasq) {
        List<Cidr> want = java.util.Arrays.stream(nonMasq).map(Cidr::parse).toList();
        NetnsLab.waitFor(DEADLINE, what, () -> {
            MasqPolicy p = backend.applied;
            return p != null && p.nonMasquerade().equals(want);
        });
    }

    private long count(Level level, String prefix) {
        return logs.count(level, prefix);
    }

    @Test
    void aKubeletSwapIsAppliedAtOnce() throws Exception {
        KubeletConfigMap map = KubeletConfigMap.create(tmp.resolve("config"), Map.of("ip-masq-agent", yaml("10.0.0.0/8")));
        start(map.dir());
        awaitApplied("the first config", "10.0.0.0/8");
        map.update(Map.of("ip-masq-agent", yaml("10.0.0.0/8", "100.64.0.0/10")));
        awaitApplied("the swapped config", "10.0.0.0/8", "100.64.0.0/10");
        assertTrue(events.seen.contains("trigger CONFIG_CHANGED"), events.seen.toString());
        assertEquals("trigger START", events.seen.getFirst());
    }

    @Test
    void anInvalidSwapKeepsTheLastGoodPolicyAndIsLoggedOnceThenAFixIsApplied() throws Exception {
        KubeletConfigMap map = KubeletConfigMap.create(tmp.resolve("config"), Map.of("ip-masq-agent", yaml("10.0.0.0/8")));
        start(map.dir());
        awaitApplied("the first config", "10.0.0.0/8");
        map.update(Map.of("ip-masq-agent", yaml("10.0.0.1/8")));
        NetnsLab.waitFor(DEADLINE, "the error logged", () -> count(Level.ERROR, "config error: ip-masq-agent: nonMasqueradeCIDRs[0]") > 0);
        map.update(Map.of("ip-masq-agent", yaml("10.0.0.1/8"))); // the same bad config once more
        NetnsLab.waitFor(DEADLINE, "the reload of the unchanged bad config", () -> count(Level.DEBUG, "config ERROR") > 0);
        assertEquals(1, count(Level.ERROR, "config error: ip-masq-agent: nonMasqueradeCIDRs[0]"), "logged once");
        assertEquals(1, count(Level.WARN, "configuration invalid: keeping the last good policy"));
        awaitApplied("the last good policy, still", "10.0.0.0/8");
        map.update(Map.of("ip-masq-agent", yaml("192.168.0.0/16")));
        awaitApplied("the fixed config", "192.168.0.0/16");
    }

    @Test
    void aRemovedDirectoryMeansDefaultsAndItsReturnIsPickedUp() throws Exception {
        KubeletConfigMap map = KubeletConfigMap.create(tmp.resolve("config"), Map.of("ip-masq-agent", yaml("100.64.0.0/10")));
        start(map.dir());
        awaitApplied("the first config", "100.64.0.0/10");
        map.remove();
        awaitApplied("the defaults", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16");
        KubeletConfigMap.create(map.dir(), Map.of("ip-masq-agent", yaml("100.64.0.0/10")));
        awaitApplied("the restored config", "100.64.0.0/10");
        assertEquals(1, count(Level.INFO, "no config files (directory missing or empty): using the default configuration"));
        assertEquals(1, count(Level.INFO, "config files found again: ip-masq-agent"));
    }

    @Test
    void aDirectoryThatDoesNotExistAtStartGivesDefaultsThenItsConfig() throws Exception {
        Path dir = tmp.resolve("config");
        start(dir);
        awaitApplied("the defaults", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16");
        KubeletConfigMap.create(dir, Map.of("ip-masq-agent", yaml("100.64.0.0/10")));
        awaitApplied("the config that appeared", "100.64.0.0/10");
    }
}
