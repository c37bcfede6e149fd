package masq.app.discovery;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import masq.api.spi.FirewallBackendProvider;
import masq.app.platform.StartupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds firewall backends through {@link ServiceLoader} and picks the one asked for. Deterministic and
 * loud: duplicate ids and reserved ids claimed by foreign modules are start-up errors, a provider without
 * a declaration is logged and skipped, every provider found is logged with module, version and location.
 *
 * <p>Nothing runs a provider's code but {@link #select}, and only for the provider selected: ids and
 * descriptions come from each class's {@link masq.api.spi.Backend @Backend} declaration
 * ({@link BackendDeclaration}), so a plugin that is present but not asked for cannot exit, hang or
 * misbehave. A plugin's constructor, {@code probe} and {@code create} run under a time bound
 * ({@link BoundedCall}); the built-ins are the agent's own code and bound their commands themselves.
 *
 * <p>The source is a supplier of provider streams so a plugin directory can add {@link ModuleLayer}s
 * ({@link #of(List)}) without changing the selection logic.
 */
public final class BackendRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(BackendRegistry.class);

    /** Ids only the project's own backend modules may claim. */
    static final Set<String> RESERVED_IDS = Set.of("dryrun", "iptables", "iptables-legacy", "iptables-nft", "nftables");
    static final Set<String> BUILT_IN_MODULES =
            Set.of("masq.backend.dryrun", "masq.backend.iptables", "masq.backend.nftables");

    private final Supplier<Stream<ServiceLoader.Provider<FirewallBackendProvider>>> source;
    private final Duration pluginBound;
    /**
     * What {@link #discover()} found: the layers do not change while a registry lives ({@link #withPlugins} makes
     * a new one), and reading every provider's declaration again costs ≈10 ms of a cold start.
     */
    private List<DeclaredBackend> discovered;

    public BackendRegistry(Supplier<Stream<ServiceLoader.Provider<FirewallBackendProvider>>> source) {
        this(source, BoundedCall.PLUGIN_BOUND);
    }

    /** @param pluginBound how long each call into a plugin provider may take */
    public BackendRegistry(Supplier<Stream<ServiceLoader.Provider<FirewallBackendProvider>>> source, Duration pluginBound) {
        this.source = Objects.requireNonNull(source, "source");
        this.pluginBound = Objects.requireNonNull(pluginBound, "pluginBound");
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

    /**
     * This registry plus the providers of plugin layers ({@link PluginLayers}); each plugin contributes only
     * the providers of its own layer, so the boot layer's are not seen twice.
     */
    public BackendRegistry withPlugins(List<PluginLayers.Plugin> plugins) {
        List<PluginLayers.Plugin> copy = List.copyOf(plugins);
        return new BackendRegistry(() -> Stream.concat(source.get(), copy.stream().flatMap(PluginLayers.Plugin::providers)),
                pluginBound);
    }

    /** The boot layer: the backends linked into the image or on the module path. */
    public static BackendRegistry boot() {
        return of(List.of(ModuleLayer.boot()));
    }

    /**
     * Every declared provider, sorted by id; none is instantiated.
     *
     * @throws StartupException when two providers declare one id, a foreign module declares a reserved id,
     *                          or an id is not valid
     */
    synchronized List<DeclaredBackend> discover() throws StartupException {
        if (discovered == null) {
            discovered = discoverNow();
        }
        return discovered;
    }

    private List<DeclaredBackend> discoverNow() throws StartupException {
        Map<String, DeclaredBackend> byId = new LinkedHashMap<>();
        for (ServiceLoader.Provider<FirewallBackendProvider> candidate : source.get().toList()) {
            Optional<DeclaredBackend> declared = declaration(candidate);
            if (declared.isEmpty()) {
                continue;
            }
            DeclaredBackend d = declared.get();
            LOG.debug("found backend provider id={} module={} version={} location={} ({})",
                    d.id(), d.module(), d.version(), d.location(), d.type().getName());
            if (!d.id().matches("[a-z0-9][a-z0-9-]*")) {
                throw new StartupException("backend provider " + d.type().getName() + " in module " + d.module()
                        + " has an invalid id \"" + d.id() + "\" (use lower-case letters, digits and '-')");
            }
            if (RESERVED_IDS.contains(d.id()) && !d.builtIn()) {
                throw new StartupException("backend id \"" + d.id() + "\" is reserved for the built-in backends, but module "
                        + d.module() + " (" + d.location() + ") claims it");
            }
            DeclaredBackend previous = byId.putIfAbsent(d.id(), d);
            if (previous != null) {
                throw new StartupException("duplicate backend id \"" + d.id() + "\": provided by " + previous.describe()
                        + " and by " + d.describe());
            }
        }
        return byId.values().stream().sorted((a, b) -> a.id().compareTo(b.id())).toList();
    }

    private static Optional<DeclaredBackend> declaration(ServiceLoader.Provider<FirewallBackendProvider> candidate) {
        Class<?> type = candidate.type();
        try {
            Optional<DeclaredBackend> d = BackendDeclaration.of(type).map(b -> DeclaredBackend.of(b, candidate));
            if (d.isEmpty()) {
                LOG.error("skipping backend provider {} in {}: it is not annotated with @masq.api.spi.Backend(id, description)"
                        + " (docs/plugins.md)", type.getName(), DeclaredBackend.where(type));
            }
            return d;
        } catch (IOException | RuntimeException e) {
            LOG.error("skipping backend provider {} in {}: cannot read its declaration: {}", type.getName(),
                    DeclaredBackend.where(type), e.toString());
            return Optional.empty();
        }
    }

    /**
     * The provider with this id, instantiated; the only provider whose code runs.
     *
     * @throws StartupException naming the backends that are available when none has this id, or saying why
     *                          the provider could not be instantiated
     */
    public SelectedBackend select(String id) throws StartupException {
        List<DeclaredBackend> all = discover();
        for (DeclaredBackend d : all) {
            if (d.id().equals(id)) {
                LOG.info("using backend {} from {}", d.id(), d.describe());
                return SelectedBackend.instantiate(d, pluginBound);
            }
        }
        throw new StartupException("backend \"" + id + "\" is not available; available backends: "
                + (all.isEmpty() ? "(none)" : all.stream().map(DeclaredBackend::id).collect(Collectors.joining(", "))));
    }

    /** Every built-in provider present, instantiated (the agent's own code only; their constructors do nothing). */
    public List<FirewallBackendProvider> builtIns() throws StartupException {
        List<FirewallBackendProvider> out = new ArrayList<>();
        for (DeclaredBackend d : discover()) {
            if (d.builtIn()) {
                out.add(SelectedBackend.instantiate(d, pluginBound).provider());
            }
        }
        return out;
    }

    /** For {@code help}: every provider's id and declared description, or the error discovery met. */
    public List<String> describeAll() {
        List<String> out = new ArrayList<>();
        try {
            for (DeclaredBackend d : discover()) {
                out.add(d.id() + " - " + d.description());
            }
        } catch (StartupException e) {
            out.add("(error: " + e.getMessage() + ")");
        }
        return out;
    }
}
