package masq.app.discovery;

import java.lang.module.ResolvedModule;
import java.util.ServiceLoader;
import masq.api.spi.FirewallBackendProvider;

/**
 * A backend provider as found, before any of its code ran: its declaration and where it came from.
 *
 * @param id          the declared id
 * @param description the declared description
 * @param module      its module name ({@code unnamed} on the class path)
 * @param version     the module's version, or {@code unversioned}
 * @param location    the jar, directory or {@code jrt:/} URI it was loaded from, or {@code unknown}
 * @param builtIn     whether it is one of the agent's own backend modules
 * @param provider    instantiates it
 */
record DeclaredBackend(String id, String description, String module, String version, String location, boolean builtIn,
                       ServiceLoader.Provider<FirewallBackendProvider> provider) {

    static DeclaredBackend of(BackendDeclaration declaration, ServiceLoader.Provider<FirewallBackendProvider> provider) {
        Module m = provider.type().getModule();
        if (!m.isNamed()) {
            return new DeclaredBackend(declaration.id(), declaration.description(), "unnamed", "unversioned", "class path",
                    false, provider);
        }
        String version = m.getDescriptor().rawVersion().orElse("unversioned");
        return new DeclaredBackend(declaration.id(), declaration.description(), m.getName(), version, location(m),
                BackendRegistry.BUILT_IN_MODULES.contains(m.getName()), provider);
    }

    private static String location(Module m) {
        return m.getLayer() == null ? "unknown" : m.getLayer().configuration().findModule(m.getName())
                .map(ResolvedModule::reference).flatMap(r -> r.location()).map(Object::toString).orElse("unknown");
    }

    /** The provider class (loaded, not initialized). */
    Class<? extends FirewallBackendProvider> type() {
        return provider.type();
    }

    String describe() {
        return "module " + module + "@" + version + " (" + location + ")";
    }

    /** Where a provider class comes from, for messages about one without a declaration. */
    static String where(Class<?> type) {
        Module m = type.getModule();
        return m.isNamed() ? "module " + m.getName() + " (" + location(m) + ")" : "the class path";
    }
}
