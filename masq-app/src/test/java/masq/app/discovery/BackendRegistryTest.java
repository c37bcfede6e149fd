package masq.app.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;
import masq.api.MasqPolicy;
import masq.api.spi.Availability;
import masq.api.spi.Backend;
import masq.api.spi.BackendContext;
import masq.api.spi.BackendInfo;
import masq.api.spi.FirewallBackend;
import masq.api.spi.FirewallBackendProvider;
import masq.api.spi.Rendering;
import masq.api.spi.SyncResult;
import masq.app.TestModules;
import masq.app.logging.CapturedLogs;
import masq.app.platform.StartupException;
import org.junit.jupiter.api.Test;

class BackendRegistryTest {

    /** A provider whose id comes from its class's declaration; its module is masq.app (the patched test module), so not built-in. */
    abstract static class TestProvider implements FirewallBackendProvider {
        @Override
        public Availability probe(BackendContext context) {
            return Availability.available("test");
        }

        @Override
        public FirewallBackend create(BackendContext context) {
            return new FirewallBackend() {
                @Override
                public BackendInfo info() {
                    return new BackendInfo(id(), "test", "");
                }

                @Override
                public Rendering render(MasqPolicy policy) {
                    return new Rendering(List.of());
                }

                @Override
                public SyncResult sync(MasqPolicy policy) {
                    return SyncResult.unchanged();
                }

                @Override
                public SyncResult cleanup() {
                    return SyncResult.nothingRemoved();
                }
            };
        }
    }

    @Backend(id = "alpha", description = "test backend alpha")
    static final class Alpha extends TestProvider {
    }

    @Backend(id = "beta", description = "test backend beta")
    static final class Beta extends TestProvider {
    }

    @Backend(id = "alpha", description = "another alpha")
    static final class OtherAlpha extends TestProvider {
    }

    @Backend(id = "Has Space", description = "invalid")
    static final class Invalid extends TestProvider {
    }

    @Backend(id = "dryrun", description = "claims dryrun")
    static final class ClaimsDryrun extends TestProvider {
    }

    @Backend(id = "iptables", description = "claims iptables")
    static final class ClaimsIptables extends TestProvider {
    }

    @Backend(id = "iptables-legacy", description = "claims iptables-legacy")
    static final class ClaimsIptablesLegacy extends TestProvider {
    }

    @Backend(id = "iptables-nft", description = "claims iptables-nft")
    static final class ClaimsIptablesNft extends TestProvider {
    }

    @Backend(id = "nftables", description = "claims nftables")
    static final class ClaimsNftables extends TestProvider {
    }

    /** Declares "gamma" but says "delta" once running. */
    @Backend(id = "gamma", description = "lies about its id")
    static final class Liar extends TestProvider {
        @Override
        public String id() {
            return "delta";
        }
    }

    /** No declaration at all. */
    static final class Undeclared extends TestProvider {
        @Override
        public String id() {
            return "undeclared";
        }
    }

    /**
     * ServiceLoader.Provider as the registry sees it: the type, and {@code get} that counts instantiations
     * and may fail like a broken provider.
     */
    static final class Found implements ServiceLoader.Provider<FirewallBackendProvider> {
        final Class<? extends FirewallBackendProvider> type;
        final boolean broken;
        final AtomicInteger instantiated = new AtomicInteger();

        Found(Class<? extends FirewallBackendProvider> type, boolean broken) {
            this.type = type;
            this.broken = broken;
        }

        @Override
        public Class<? extends FirewallBackendProvider> type() {
            return type;
        }

        @Override
        public FirewallBackendProvider get() {
            instantiated.incrementAndGet();
            if (broken) {
                throw new ServiceConfigurationError("provider " + type.getName() + " could not be instantiated");
            }
            try {
                return type.getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new ServiceConfigurationError(e.toString(), e);
            }
        }
    }

    private static List<Found> found(List<Class<? extends FirewallBackendProvider>> types) {
        return types.stream().map(t -> new Found(t, false)).toList();
    }

    private static BackendRegistry registry(List<Found> found) {
        return new BackendRegistry(() -> found.stream().map(f -> f));
    }

    @SafeVarargs
    private static BackendRegistry registry(Class<? extends FirewallBackendProvider>... types) {
        return registry(found(List.of(types)));
    }

    @Test
    void selectsTheExplicitlyNamedBackend() throws StartupException {
        BackendRegistry r = registry(Alpha.class, Beta.class);
        assertEquals("beta", r.select("beta").id());
        assertEquals("alpha", r.select("alpha").id());
        assertEquals("alpha", r.select("alpha").provider().id());
        assertEquals("masq.app", r.select("alpha").module());
    }

    @Test
    void onlyTheSelectedProviderIsInstantiatedAndHelpInstantiatesNone() throws StartupException {
        List<Found> found = found(List.of(Alpha.class, Beta.class));
        BackendRegistry r = registry(found);
        assertEquals(List.of("alpha - test backend alpha", "beta - test backend beta"), r.describeAll());
        assertEquals(List.of("alpha", "beta"), r.discover().stream().map(DeclaredBackend::id).toList());
        assertEquals(0, found.get(0).instantiated.get() + found.get(1).instantiated.get(), "discovery and help");
        r.select("beta");
        assertEquals(0, found.get(0).instantiated.get(), "alpha was not asked for");
        assertEquals(1, found.get(1).instantiated.get());
    }

    @Test
    void unknownBackendListsTheAvailableOnes() {
        BackendRegistry r = registry(Beta.class, Alpha.class);
        StartupException e = assertThrows(StartupException.class, () -> r.select("iptables"));
        assertEquals("backend \"iptables\" is not available; available backends: alpha, beta", e.getMessage());
        StartupException none = assertThrows(StartupException.class, () -> registry(List.of()).select("dryrun"));
        assertEquals("backend \"dryrun\" is not available; available backends: (none)", none.getMessage());
    }

    @Test
    void duplicateIdsAreAStartupErrorWithoutInstantiating() {
        List<Found> found = found(List.of(Alpha.class, OtherAlpha.class));
        StartupException e = assertThrows(StartupException.class, () -> registry(found).select("alpha"));
        assertTrue(e.getMessage().startsWith("duplicate backend id \"alpha\": provided by module masq.app"), e.getMessage());
        assertEquals(0, found.get(0).instantiated.get() + found.get(1).instantiated.get());
    }

    @Test
    void reservedIdsAreRefusedToForeignModulesWithoutInstantiating() {
        for (Class<? extends FirewallBackendProvider> type : List.of(ClaimsDryrun.class, ClaimsIptables.class,
                ClaimsIptablesLegacy.class, ClaimsIptablesNft.class, ClaimsNftables.class)) {
            List<Found> found = found(List.of(type));
            String id = type.getAnnotation(Backend.class).id();
            StartupException e = assertThrows(StartupException.class, () -> registry(found).discover());
            assertTrue(e.getMessage().startsWith("backend id \"" + id + "\" is reserved for the built-in backends, but module masq.app"),
                    e.getMessage());
            assertEquals(0, found.getFirst().instantiated.get());
        }
    }

    @Test
    void invalidIdsAreRefused() {
        StartupException e = assertThrows(StartupException.class, () -> registry(Invalid.class).discover());
        assertTrue(e.getMessage().contains("invalid id \"Has Space\""), e.getMessage());
    }

    @Test
    void aProviderWithoutADeclarationIsSkippedAndLogged() throws StartupException {
        try (CapturedLogs logs = new CapturedLogs(BackendRegistry.class.getName())) {
            assertEquals(List.of("alpha"), registry(Undeclared.class, Alpha.class).discover().stream()
                    .map(DeclaredBackend::id).toList());
            assertEquals(1, logs.count(Level.ERROR, "skipping backend provider " + Undeclared.class.getName()
                    + " in module masq.app"));
        }
    }

    @Test
    void aProviderWhoseIdDiffersFromItsDeclarationIsRefused() throws StartupException {
        BackendRegistry r = registry(Liar.class, Alpha.class);
        assertEquals(List.of("alpha", "gamma"), r.discover().stream().map(DeclaredBackend::id).toList());
        StartupException e = assertThrows(StartupException.class, () -> r.select("gamma"));
        assertTrue(e.getMessage().startsWith("backend provider " + Liar.class.getName() + " from module masq.app"), e.getMessage());
        assertTrue(e.getMessage().endsWith("declares id \"gamma\" but its id() returns \"delta\": refusing it"), e.getMessage());
    }

    @Test
    void aSelectedProviderThatFailsToInstantiateIsAClearStartupErrorAndTheOthersStillWork() throws StartupException {
        BackendRegistry r = registry(List.of(new Found(Alpha.class, true), new Found(Beta.class, false)));
        StartupException e = assertThrows(StartupException.class, () -> r.select("alpha"));
        assertTrue(e.getMessage().startsWith("backend alpha: provider " + Alpha.class.getName() + " from module masq.app"),
                e.getMessage());
        assertTrue(e.getMessage().contains("could not be created: java.util.ServiceConfigurationError: provider "), e.getMessage());
        assertEquals("beta", r.select("beta").id());
    }

    @Test
    void findsTheRealDryRunModuleThroughALayer() throws StartupException {
        SelectedBackend d = BackendRegistry.of(List.of(TestModules.dryRunLayer())).select("dryrun");
        assertEquals("masq.backend.dryrun", d.module());
        assertTrue(d.declared().builtIn());
        assertEquals("dryrun", d.provider().id());
        assertTrue(d.version().matches("\\d+\\.\\d+\\.\\d+.*|unversioned"), d.version());
        assertTrue(d.location().contains("masq-backend-dryrun"), d.location());
    }
}
