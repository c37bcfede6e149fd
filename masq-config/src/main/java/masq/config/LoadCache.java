package masq.config;

import java.util.Objects;
import masq.api.spi.ConfigSnapshot;

/**
 * {@link ConfigEngine#load} is pure, so the same snapshot under the same settings gives the same result: a
 * periodic resync of an unchanged config costs reading the files and comparing them with the last ones,
 * not parsing and validating them again (10 000 CIDRs: milliseconds instead of tens of them). Holds the
 * last snapshot's text, at most {@link DirectoryConfigSource#MAX_TOTAL_BYTES}, usually a few KB. One
 * caller at a time (the sync loop).
 */
public final class LoadCache {
    private ConfigSnapshot snapshot;
    private ConfigSettings settings;
    private LoadResult result;

    /** Nothing remembered yet. */
    public LoadCache() {
    }

    /** The result of {@link ConfigEngine#load} for these arguments; the last one again when they are equal. */
    public LoadResult load(ConfigSnapshot snapshot, ConfigSettings settings) {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(settings, "settings");
        if (result == null || !snapshot.equals(this.snapshot) || !settings.equals(this.settings)) {
            result = ConfigEngine.load(snapshot, settings);
            this.snapshot = snapshot;
            this.settings = settings;
        }
        return result;
    }
}
