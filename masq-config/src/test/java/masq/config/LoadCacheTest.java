package masq.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import java.util.List;
import masq.api.spi.ConfigDocument;
import masq.api.spi.ConfigSnapshot;
import org.junit.jupiter.api.Test;

class LoadCacheTest {
    private static final ConfigSettings WARN = new ConfigSettings(false, false, ConflictPolicy.WARN, Duration.ofSeconds(60));
    private static final ConfigSettings REJECT = new ConfigSettings(false, false, ConflictPolicy.REJECT, Duration.ofSeconds(60));

    private static ConfigSnapshot snapshot(String text) {
        // A new String each time: equal content, not the same object (as every read of the files gives).
        return new ConfigSnapshot(true, List.of(new ConfigDocument("ip-masq-agent", new String(text.toCharArray()))), List.of());
    }

    @Test
    void anUnchangedSnapshotGivesTheLastResultAndAnyChangeLoadsAgain() {
        LoadCache cache = new LoadCache();
        LoadResult first = cache.load(snapshot("nonMasqueradeCIDRs: [10.0.0.0/8]\n"), WARN);
        assertSame(first, cache.load(snapshot("nonMasqueradeCIDRs: [10.0.0.0/8]\n"), WARN));
        LoadResult changed = cache.load(snapshot("nonMasqueradeCIDRs: [10.0.0.0/9]\n"), WARN);
        assertNotSame(first, changed);
        assertEquals(ConfigEngine.load(snapshot("nonMasqueradeCIDRs: [10.0.0.0/9]\n"), WARN), changed);
        String conflicting = "nonMasqueradeCIDRs: [10.1.0.0/16]\nmasqueradeCIDRs: [10.0.0.0/8]\n";
        LoadResult warned = cache.load(snapshot(conflicting), WARN);
        LoadResult rejected = cache.load(snapshot(conflicting), REJECT);
        assertEquals(ConfigEngine.load(snapshot(conflicting), REJECT), rejected, "other settings: loaded again");
        assertNotSame(warned, rejected);
    }
}
