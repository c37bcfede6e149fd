package masq.api.spi;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Settings for a config source.
 *
 * @param directory  {@code --config-dir}
 * @param filePrefix {@code --config-file-prefix}: only entries whose name starts with it are read
 * @param options    source-specific settings
 */
public record ConfigSourceContext(Path directory, String filePrefix, Map<String, String> options) {
    public ConfigSourceContext {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(filePrefix, "filePrefix");
        options = Map.copyOf(options);
    }
}
