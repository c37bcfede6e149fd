package masq.app;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import masq.api.spi.ConfigSource;
import masq.api.spi.ConfigSourceContext;
import masq.api.spi.ConfigSourceProvider;
import masq.config.LoadCache;

/** Finds the config source through {@link ServiceLoader} and pairs it with the engine into a {@link ConfigLoader}. */
final class ConfigSources {
    /** The source masq.config provides: every file named {@code <prefix>*} in {@code --config-dir}. */
    static final String DIRECTORY = "directory";

    private final ServiceLoader<ConfigSourceProvider> loader;

    ConfigSources(ServiceLoader<ConfigSourceProvider> loader) {
        this.loader = loader;
    }

    static ConfigSources boot() {
        return new ConfigSources(ServiceLoader.load(ModuleLayer.boot(), ConfigSourceProvider.class));
    }

    /** A loader for the directory and prefix in {@code options}. */
    ConfigLoader directory(AgentOptions options) throws StartupException {
        ConfigSource source;
        try {
            source = provider(DIRECTORY).create(
                    new ConfigSourceContext(options.configDir(), options.configFilePrefix(), Map.of()));
        } catch (RuntimeException e) { // e.g. the native calls it reads files with cannot be linked
            throw new StartupException("config source \"" + DIRECTORY + "\": " + e.getMessage());
        }
        LoadCache cache = new LoadCache(); // an unchanged config is not parsed again at every resync
        return () -> cache.load(source.read(), options.configSettings());
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
