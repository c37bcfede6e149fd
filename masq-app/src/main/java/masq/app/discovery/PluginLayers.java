package masq.app.discovery;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolutionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import masq.api.spi.FirewallBackendProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns {@code --plugin-dir} into module layers: each {@code *.jar} directly in the directory, and each
 * sub-directory (its jars together), becomes one child {@link ModuleLayer} of the boot layer with its own
 * class loader. This works from the jlinked image and on a read-only file system: jars are only read.
 *
 * <p>Why a layer per plugin: one broken plugin (a bad module descriptor, a missing dependency, a split
 * package) fails only its own resolution and is logged and skipped; the others and the built-ins load.
 * A plugin reads the modules of the boot layer (masq.api, Jackson, SLF4J and the JDK modules linked
 * into the image); a copy of one of those inside the plugin is ignored, with a warning, so that the
 * plugin's provider implements the agent's {@link FirewallBackendProvider} and not a look-alike.
 *
 * <p>Plugin providers' ids are checked like every other's by {@link BackendRegistry}: a clash with a
 * built-in or with another plugin stops the agent.
 */
public final class PluginLayers {
    private static final Logger LOG = LoggerFactory.getLogger(PluginLayers.class);

    private PluginLayers() {
    }

    /**
     * One loaded plugin.
     *
     * @param source the jar or directory it came from
     * @param layer  its module layer, parent: the boot layer
     */
    record Plugin(Path source, ModuleLayer layer) {
        /** The backend providers defined in this plugin's own layer (not its parents'). */
        Stream<ServiceLoader.Provider<FirewallBackendProvider>> providers() {
            List<ServiceLoader.Provider<FirewallBackendProvider>> out = new ArrayList<>();
            Iterator<ServiceLoader.Provider<FirewallBackendProvider>> it =
                    ServiceLoader.load(layer, FirewallBackendProvider.class).stream().iterator();
            try {
                while (it.hasNext()) {
                    ServiceLoader.Provider<FirewallBackendProvider> p = it.next();
                    if (p.type().getModule().getLayer() == layer) {
                        out.add(p);
                    }
                }
            } catch (ServiceConfigurationError e) {
                LOG.error("skipping the rest of plugin {}: {}", source, e.getMessage());
            }
            return out.stream();
        }
    }

    /**
     * Loads every plugin in {@code dir}, in file-name order. A missing directory means no plugins; a plugin
     * that cannot be loaded is logged (ERROR) and skipped, and so is one that a user other than root or the
     * agent's could have written ({@link PluginTrust}; all of them when that is true of the directory).
     */
    public static List<Plugin> load(Path dir) {
        if (!Files.isDirectory(dir)) {
            LOG.debug("no plugin directory {}", dir);
            return List.of();
        }
        return load(dir, PluginTrust.ofThisProcess());
    }

    public static List<Plugin> load(Path dir, PluginTrust trust) {
        PluginTrust.Verdict trusted = trust.check(dir);
        if (!trusted.ok()) {
            LOG.error("refusing every plugin in {}: {}; {}", dir, trusted.refusal(), PluginTrust.RULE);
            return List.of();
        }
        List<Path> entries;
        try (Stream<Path> list = Files.list(trusted.realPath())) {
            entries = list.sorted().toList();
        } catch (IOException e) {
            LOG.error("cannot list plugin directory {}: {}", dir, e.toString());
            return List.of();
        }
        List<Plugin> plugins = new ArrayList<>();
        for (Path entry : entries) {
            boolean jar = Files.isRegularFile(entry) && entry.getFileName().toString().endsWith(".jar");
            if (!jar && !Files.isDirectory(entry)) {
                LOG.debug("ignoring {} in the plugin directory: neither a jar nor a directory", entry);
                continue;
            }
            PluginTrust.Verdict verdict = trust.checkPlugin(entry);
            if (!verdict.ok()) {
                LOG.error("refusing plugin {}: {}; {}", entry, verdict.refusal(), PluginTrust.RULE);
                continue;
            }
            // Loaded from the path checked: a symbolic link changed after the check is not followed again.
            define(entry, verdict.realPath()).ifPresent(plugins::add);
        }
        return List.copyOf(plugins);
    }

    /** One plugin's layer, read from {@code real} and named {@code source}; empty (logged) when it cannot be defined. */
    private static Optional<Plugin> define(Path source, Path real) {
        try {
            ModuleFinder finder = withoutBootModules(source, ModuleFinder.of(real));
            Set<String> roots = finder.findAll().stream().map(r -> r.descriptor().name())
                    .collect(Collectors.toCollection(TreeSet::new));
            if (roots.isEmpty()) {
                LOG.warn("skipping plugin {}: it holds no module", source);
                return Optional.empty();
            }
            // Every module of the plugin is a root, so a missing dependency is an error now, not a silent skip.
            Configuration cf = ModuleLayer.boot().configuration().resolveAndBind(finder, ModuleFinder.of(), roots);
            ModuleLayer layer = ModuleLayer.defineModulesWithOneLoader(cf, List.of(ModuleLayer.boot()),
                    ClassLoader.getSystemClassLoader()).layer();
            LOG.info("loaded plugin {}: modules {}", source, roots);
            return Optional.of(new Plugin(source, layer));
        } catch (FindException | ResolutionException | LayerInstantiationException | SecurityException e) {
            LOG.error("skipping plugin {}: {}{}", source, e.getMessage(),
                    e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")");
            return Optional.empty();
        }
    }

    /** Hides modules the boot layer already has: the plugin must use the agent's masq.api, Jackson, SLF4J. */
    private static ModuleFinder withoutBootModules(Path source, ModuleFinder finder) {
        ModuleLayer boot = ModuleLayer.boot();
        for (ModuleReference ref : finder.findAll()) {
            if (boot.findModule(ref.descriptor().name()).isPresent()) {
                LOG.warn("plugin {} contains module {}, which the agent already has; the agent's copy is used",
                        source, ref.descriptor().name());
            }
        }
        return new ModuleFinder() {
            @Override
            public Optional<ModuleReference> find(String name) {
                return boot.findModule(name).isPresent() ? Optional.empty() : finder.find(name);
            }

            @Override
            public Set<ModuleReference> findAll() {
                return finder.findAll().stream().filter(r -> boot.findModule(r.descriptor().name()).isEmpty())
                        .collect(Collectors.toSet());
            }
        };
    }
}
