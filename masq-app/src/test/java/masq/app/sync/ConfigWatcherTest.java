package masq.app.sync;

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
}
