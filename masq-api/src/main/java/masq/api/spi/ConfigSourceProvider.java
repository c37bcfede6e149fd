package masq.api.spi;

/**
 * A kind of configuration source, found through {@link java.util.ServiceLoader}. The built-in one reads
 * a directory ({@code --config-dir}); more kinds can be added without touching the merge engine, which
 * only sees {@link ConfigSnapshot}s.
 */
public interface ConfigSourceProvider {

    /** Stable id, e.g. {@code directory}. */
    String id();

    /** Builds a source; cheap, reads nothing yet. */
    ConfigSource create(ConfigSourceContext context);
}
