package masq.app;

import java.lang.module.ResolvedModule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import masq.api.spi.FirewallBackendProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds firewall backends through {@link ServiceLoader} and picks the one asked for. Deterministic and
 * loud: duplicate ids and reserved ids claimed by foreign modules are start-up errors, a provider that
 * fails to load is logged and skipped, every provider found is logged with module, version and location.
 *
 * <p>The source is a supplier of provider streams so a plugin directory can add {@link ModuleLayer}s
 * ({@link #of(List)}) without changing the selection logic.
 */
final class BackendRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(BackendRegistry.class);

    /** Ids only the project's own backend modules may claim. */
    static final Set<String> RESERVED_IDS = Set.of("dryrun", "iptables", "iptables-legacy", "iptables-nft", "nftables");
    private static final Set<String> BUILT_IN_MODULES =
            Set.of("masq.backend.dryrun", "masq.backend.iptables", "masq.backend.nftables");

    private final Supplier<Stream<ServiceLoader.Provider<FirewallBackendProvider>>> source;

    BackendRegistry(Supplier<Stream<ServiceLoader.Provider<FirewallBackendProvider>>> source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    /** Providers of these layers (and their parents), each provider class once. */
    static BackendRegistry of(List<ModuleLayer> layers) {
        List<ModuleLayer> copy = List.copyOf(layers);
        return new BackendRegistry(() -> {
            Set<Class<?>> seen = new HashSet<>();
            return copy.stream()
                    .flatMap(layer -> ServiceLoader.load(layer, FirewallBackendProvider.class).stream())
                    .filter(p -> seen.add(p.type()));
        });
    }

    /** The boot layer: the backends linked into the image or on the module path. */
    static BackendRegistry boot() {
        return of(List.of(ModuleLayer.boot()));
    }

    /**
     * Every usable provider, sorted by id.
     *
     * @throws StartupException when two providers claim one id, or a foreign module claims a reserved id
     */
    List<Discovered> discover() throws StartupException {
        Map<String, Discovered> byId = new LinkedHashMap<>();
        List<ServiceLoader.Provider<FirewallBackendProvider>> found = source.get().toList();
        for (ServiceLoader.Provider<FirewallBackendProvider> candidate : found) {
            FirewallBackendProvider provider;
            try {
                provider = candidate.get();
            } catch (ServiceConfigurationError e) {
                LOG.warn("skipping backend provider {}: {}", candidate.type().getName(), e.getMessage());
                continue;
            }
            Discovered d = Discovered.of(provider);
            LOG.debug("found backend provider id={} module={} version={} location={} ({})",
                    d.id(), d.module(), d.version(), d.location(), provider.getClass().getName());
            if (!d.id().matches("[a-z0-9][a-z0-9-]*")) {
                throw new StartupException("backend provider " + provider.getClass().getName() + " in module "
                        + d.module() + " has an invalid id \"" + d.id() + "\" (use lower-case letters, digits and '-')");
            }
            if (RESERVED_IDS.contains(d.id()) && !BUILT_IN_MODULES.contains(d.module())) {
                throw new StartupException("backend id \"" + d.id() + "\" is reserved for the built-in backends, but module "
                        + d.module() + " (" + d.location() + ") claims it");
            }
            Discovered previous = byId.putIfAbsent(d.id(), d);
            if (previous != null) {
                throw new StartupException("duplicate backend id \"" + d.id() + "\": provided by " + previous.describe()
                        + " and by " + d.describe());
            }
        }
        return byId.values().stream().sorted((a, b) -> a.id().compareTo(b.id())).toList();
    }

    /**
     * The provider with this id.
     *
     * @throws StartupException naming the backends that are available when none has this id
     */
    Discovered select(String id) throws StartupException {
        List<Discovered> all = discover();
        for (Discovered d : all) {
            if (d.id().equals(id)) {
                LOG.info("using backend {} from {}", d.id(), d.describe());
                return d;
            }
        }
        throw new StartupException("backend \"" + id + "\" is not available; available backends: "
                + (all.isEmpty() ? "(none)" : all.stream().map(Discovered::id).collect(Collectors.joining(", "))));
    }

    /**
     * A provider and where it came from.
     *
     * @param provider the instance
     * @param module   its module name ({@code unnamed} on the class path)
     * @param version  the module's version, or {@code unversioned}
     * @param location the jar, directory or {@code jrt:/} URI it was loaded from, or {@code unknown}
     */
    record Discovered(FirewallBackendProvider provider, String module, String version, String location) {
        static Discovered of(FirewallBackendProvider provider) {
            Module m = provider.getClass().getModule();
            if (!m.isNamed()) {
                return new Discovered(provider, "unnamed", "unversioned", "class path");
            }
            String version = m.getDescriptor().rawVersion().orElse("unversioned");
            String location = m.getLayer() == null ? "unknown" : m.getLayer().configuration().findModule(m.getName())
                    .map(ResolvedModule::reference).flatMap(r -> r.location()).map(Object::toString).orElse("unknown");
            return new Discovered(provider, m.getName(), version, location);
        }

        String id() {
            return provider.id();
        }

        String describe() {
            return "module " + module + "@" + version + " (" + location + ")";
        }
    }

    /** For {@code help}: every provider's id and description, or the error discovery met. */
    List<String> describeAll() {
        List<String> out = new ArrayList<>();
        try {
            for (Discovered d : discover()) {
                out.add(d.id() + " - " + d.provider().description());
            }
        } catch (StartupException e) {
            out.add("(error: " + e.getMessage() + ")");
        }
        return out;
    }
}
