package masq.app.discovery;

import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import masq.api.spi.ConfigSource;
import masq.api.spi.ConfigSourceContext;
import masq.api.spi.ConfigSourceProvider;
import masq.app.platform.StartupException;
import masq.config.ConfigSettings;
import masq.config.LoadCache;
import masq.config.LoadResult;

/** Finds the config source through {@link ServiceLoader} and pairs it with the engine into a config loader. */
public final class ConfigSources {
    /** The source masq.config provides: every file named {@code <prefix>*} in {@code --config-dir}. */
    static final String DIRECTORY = "directory";

    private final ServiceLoader<ConfigSourceProvider> loader;

    ConfigSources(ServiceLoader<ConfigSourceProvider> loader) {
        this.loader = loader;
    }

    public static ConfigSources boot() {
        return new ConfigSources(ServiceLoader.load(ModuleLayer.boot(), ConfigSourceProvider.class));
    }

    /**
     * Reads and validates the files named {@code prefix*} in {@code dir} as they are at each call; a loader
     * never throws for bad input (every problem is in its {@link LoadResult}).
     */
    public Supplier<LoadResult> directory(Path dir, String prefix, ConfigSettings settings) throws StartupException {
        ConfigSource source;
        try {
            source = provider(DIRECTORY).create(new ConfigSourceContext(dir, prefix, Map.of()));
        } catch (RuntimeException e) { // e.g. the native calls it reads files with cannot be linked
            throw new StartupException("config source \"" + DIRECTORY + "\": " + e.getMessage());
        }
        LoadCache cache = new LoadCache(); // an unchanged config is not parsed again at every resync
        return () -> cache.load(source.read(), settings);
    }

    private ConfigSourceProvider provider(String id) throws StartupException {
        Map<String, ConfigSourceProvider> all = loader.stream().map(ServiceLoader.Provider::get)
                .collect(Collectors.toMap(ConfigSourceProvider::id, p -> p, (a, b) -> a));
        ConfigSourceProvider p = all.get(id);
        if (p == null) {
            throw new StartupException("config source \"" + id + "\" is not available; available: " + all.keySet());
        }
        return p;
    }
}
