package masq.config;

import masq.api.spi.ConfigSnapshot;

/** Parse, validate and merge: a pure function from a snapshot and the flag settings to a result. */
public final class ConfigEngine {
    private ConfigEngine() {
    }

    /**
     * Loads a snapshot: parses every document (YAML or JSON), validates each, merges them in order and
     * detects conflicts. Never throws for bad input: every problem is in the result.
     */
    public static LoadResult load(ConfigSnapshot snapshot, ConfigSettings settings) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
