package masq.app.sync;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import masq.testlab.KubeletConfigMap;
import masq.testlab.NetnsLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The watcher on real directories (inotify); every wait has a deadline. */
@Timeout(60)
class ConfigWatcherTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final ConfigWatcher.Timing FAST = new ConfigWatcher.Timing(Duration.ofMillis(20), Duration.ofMillis(5),
            Duration.ofMillis(500), Duration.ofMillis(20));

    @TempDir
    Path tmp;
    private final AtomicInteger changes = new AtomicInteger();

    private void awaitChangesAbove(int n, String what) {
        NetnsLab.waitFor(DEADLINE, what, () -> changes.get() > n);
    }

    @Test
    void aKubeletDataSwapIsAChange() throws Exception {
        KubeletConfigMap map = KubeletConfigMap.create(tmp.resolve("config"), Map.of("ip-masq-agent", "a: 1\n"));
        try (ConfigWatcher w = ConfigWatcher.start(map.dir(), changes::incrementAndGet, FAST)) {
            map.update(Map.of("ip-masq-agent", "a: 2\n"));
            awaitChangesAbove(0, "the ..data swap");
            int after = changes.get();
            map.update(Map.of("ip-masq-agent", "a: 3\n", "ip-masq-agent-reconciled", "b: 1\n"));
            awaitChangesAbove(after, "a second swap that adds a key");
        }
    }

    @Test
    void aFileEditedInPlaceIsAChange() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("config"));
        Files.writeString(dir.resolve("ip-masq-agent"), "a: 1\n");
        try (ConfigWatcher w = ConfigWatcher.start(dir, changes::incrementAndGet, FAST)) {
            Files.writeString(dir.resolve("ip-masq-agent"), "a: 2\n");
            awaitChangesAbove(0, "the edit");
        }
    }

    @Test
    void aDirectoryThatAppearsLaterIsPickedUpAndWatched() throws Exception {
        Path dir = tmp.resolve("config");
        try (ConfigWatcher w = ConfigWatcher.start(dir, changes::incrementAndGet, FAST)) {
            KubeletConfigMap map = KubeletConfigMap.create(dir, Map.of("ip-masq-agent", "a: 1\n"));
            awaitChangesAbove(0, "the directory appearing");
            // Watched before that change was reported: a swap inside it is seen (the parent's watch would not see it).
            int after = changes.get();
            map.update(Map.of("ip-masq-agent", "a: 2\n"));
            awaitChangesAbove(after, "a swap inside the new directory");
        }
    }

    @Test
    void aRemovedAndRestoredDirectoryIsAChangeEachTime() throws Exception {
        KubeletConfigMap map = KubeletConfigMap.create(tmp.resolve("config"), Map.of("ip-masq-agent", "a: 1\n"));
        try (ConfigWatcher w = ConfigWatcher.start(map.dir(), changes::incrementAndGet, FAST)) {
            map.remove();
            awaitChangesAbove(0, "the removal");
            int after = changes.get();
            KubeletConfigMap again = KubeletConfigMap.create(map.dir(), Map.of("ip-masq-agent", "a: 2\n"));
            awaitChangesAbove(after, "the restore");
            int restored = changes.get();
            again.update(Map.of("ip-masq-agent", "a: 3\n"));
            awaitChangesAbove(restored, "a swap in the restored directory");
        }
    }

    @Test
    void aMissingParentIsPolledUntilItExists() throws Exception {
        Path dir = tmp.resolve("a/b/config");
        try (ConfigWatcher w = ConfigWatcher.start(dir, changes::incrementAndGet, FAST)) {
            KubeletConfigMap.create(dir, Map.of("ip-masq-agent", "a: 1\n"));
            awaitChangesAbove(0, "the directory under a new parent");
        }
    }

    /** Quiet periods far beyond the deadline: only a swap answered without them can be seen in time. */
    private static final ConfigWatcher.Timing SLOW_COMMIT = new ConfigWatcher.Timing(Duration.ofSeconds(60),
            Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofMillis(20));

    @Test
    void aSwapOfTheSameKeysIsAnsweredAtOnceWithoutAQuietPeriod() throws Exception {
        KubeletConfigMap map = KubeletConfigMap.create(tmp.resolve("config"), Map.of("ip-masq-agent", "a: 1\n"));
        try (ConfigWatcher w = ConfigWatcher.start(map.dir(), changes::incrementAndGet, SLOW_COMMIT)) {
            map.update(Map.of("ip-masq-agent", "a: 2\n"));
            awaitChangesAbove(0, "the ..data swap, before any quiet period ends");
        }
    }

    /** A swap that adds a key is answered once kubelet has linked the key, not before (and not after a quiet period). */
    @Test
    void aSwapThatAddsAKeyIsAnsweredWhenTheKeyIsLinked() throws Exception {
        Path dir = tmp.resolve("config");
        KubeletConfigMap.create(dir, Map.of("ip-masq-agent", "a: 1\n"));
        java.util.concurrent.atomic.AtomicBoolean linkedWhenReported = new java.util.concurrent.atomic.AtomicBoolean();
        try (ConfigWatcher w = ConfigWatcher.start(dir, () -> {
            linkedWhenReported.set(Files.isSymbolicLink(dir.resolve("ip-masq-agent-extra")));
            changes.incrementAndGet();
        }, SLOW_COMMIT)) {
            // kubelet's steps, one by one: new version, ..data renamed, then the new key's symlink.
            Path fresh = Files.createDirectory(dir.resolve("..v2"));
            Files.writeString(fresh.resolve("ip-masq-agent"), "a: 2\n");
            Files.writeString(fresh.resolve("ip-masq-agent-extra"), "b: 1\n");
            Files.createSymbolicLink(dir.resolve("..data_tmp"), Path.of("..v2"));
            Files.move(dir.resolve("..data_tmp"), dir.resolve("..data"), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            assertFalse(ConfigWatcher.complete(dir), "the new key is not linked yet");
            Files.createSymbolicLink(dir.resolve("ip-masq-agent-extra"), Path.of("..data", "ip-masq-agent-extra"));
            assertTrue(ConfigWatcher.complete(dir));
            awaitChangesAbove(0, "the swap, once the new key is linked");
            assertTrue(linkedWhenReported.get(), "reported before kubelet linked the new key");
        }
    }

    @Test
    void completenessComparesTheLinksWithTheKeysOfTheVersion() throws Exception {
        Path dir = tmp.resolve("config");
        KubeletConfigMap map = KubeletConfigMap.create(dir, Map.of("ip-masq-agent", "a: 1\n", "other", "b: 1\n"));
        assertTrue(ConfigWatcher.complete(dir));
        Files.delete(dir.resolve("other"));
        assertFalse(ConfigWatcher.complete(dir), "a key of the version without its link");
        map.update(Map.of("ip-masq-agent", "a: 2\n"));
        assertTrue(ConfigWatcher.complete(dir));
        Files.createSymbolicLink(dir.resolve("gone"), Path.of("..data", "gone"));
        assertFalse(ConfigWatcher.complete(dir), "a link to a key the version does not have (dropped, not yet unlinked)");
        Path plain = Files.createDirectory(tmp.resolve("plain"));
        Files.writeString(plain.resolve("ip-masq-agent"), "a: 1\n");
        assertFalse(ConfigWatcher.complete(plain), "not kubelet's layout: never complete, the quiet period applies");
    }
}
