package masq.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import masq.api.spi.ConfigSnapshot;

/**
 * {@link ConfigEngine#load} is pure, so the same snapshot under the same settings gives the same result: a
 * periodic resync of an unchanged config costs reading the files and comparing them with the last ones,
 * not parsing and validating them again (10 000 CIDRs: milliseconds instead of tens of them). A changed
 * config is loaded reusing what the last load read from each file without problems: an unchanged file is
 * not parsed again, a file edited in a few CIDR items is read in those items only ({@link ItemSplice}).
 * Holds the last snapshot's text, at most {@link DirectoryConfigSource#MAX_TOTAL_BYTES}, usually a few
 * KB, and the fragments read from it. One caller at a time (the sync loop).
 */
public final class LoadCache {
    private ConfigSnapshot snapshot;
    private ConfigSettings settings;
    private LoadResult result;
    /** What the last load read from each file without a problem: the next load reuses it ({@link ItemSplice}). */
    private Map<String, ItemSplice.Read> files = Map.of();

    /** Nothing remembered yet. */
    public LoadCache() {
    }

    /** The result of {@link ConfigEngine#load} for these arguments; the last one again when they are equal. */
    public LoadResult load(ConfigSnapshot snapshot, ConfigSettings settings) {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(settings, "settings");
        if (result == null || !snapshot.equals(this.snapshot) || !settings.equals(this.settings)) {
            Map<String, ItemSplice.Read> read = new HashMap<>();
            result = ConfigEngine.load(snapshot, settings, settings.equals(this.settings) ? files : Map.of(), read);
            this.snapshot = snapshot;
            this.settings = settings;
            this.files = read;
        }
        return result;
    }
}
