package masq.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import masq.api.MasqPolicy;
import masq.api.spi.Availability;
import masq.api.spi.BackendContext;
import masq.api.spi.BackendInfo;
import masq.api.spi.FirewallBackend;
import masq.api.spi.FirewallBackendProvider;
import masq.api.spi.Rendering;
import masq.api.spi.SyncResult;
import org.junit.jupiter.api.Test;

class BackendRegistryTest {

    /** A provider with a chosen id; its module is masq.app (the patched test module), so not built-in. */
    record TestProvider(String id) implements FirewallBackendProvider {
        @Override
        public String description() {
            return "test backend " + id;
        }

        @Override
        public Availability probe(BackendContext context) {
            return Availability.available("test");
        }

        @Override
        public FirewallBackend create(BackendContext context) {
            return new FirewallBackend() {
                @Override
                public BackendInfo info() {
                    return new BackendInfo(id, "test", "");
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

    /** ServiceLoader.Provider as the registry sees it; {@code get} may fail like a broken provider. */
    record Found(Class<? extends FirewallBackendProvider> type, FirewallBackendProvider instance)
            implements ServiceLoader.Provider<FirewallBackendProvider> {
        @Override
        public FirewallBackendProvider get() {
            if (instance == null) {
                throw new ServiceConfigurationError("provider " + type.getName() + " could not be instantiated");
            }
            return instance;
        }
    }

    private static BackendRegistry registry(FirewallBackendProvider... providers) {
        return new BackendRegistry(() -> java.util.Arrays.stream(providers).map(p -> new Found(p.getClass(), p)));
    }

    @Test
    void selectsTheExplicitlyNamedBackend() throws StartupException {
        BackendRegistry r = registry(new TestProvider("alpha"), new TestProvider("beta"));
        assertEquals("beta", r.select("beta").id());
        assertEquals("alpha", r.select("alpha").id());
        assertEquals("masq.app", r.select("alpha").module());
    }

    @Test
    void unknownBackendListsTheAvailableOnes() {
        BackendRegistry r = registry(new TestProvider("beta"), new TestProvider("alpha"));
        StartupException e = assertThrows(StartupException.class, () -> r.select("iptables"));
        assertEquals("backend \"iptables\" is not available; available backends: alpha, beta", e.getMessage());
        StartupException none = assertThrows(StartupException.class, () -> registry().select("dryrun"));
        assertEquals("backend \"dryrun\" is not available; available backends: (none)", none.getMessage());
    }

    @Test
    void duplicateIdsAreAStartupError() {
        BackendRegistry r = registry(new TestProvider("alpha"), new TestProvider("alpha"));
        StartupException e = assertThrows(StartupException.class, () -> r.select("alpha"));
        assertTrue(e.getMessage().startsWith("duplicate backend id \"alpha\": provided by module masq.app"), e.getMessage());
    }

    @Test
    void reservedIdsAreRefusedToForeignModules() {
        for (String id : List.of("dryrun", "iptables", "iptables-legacy", "iptables-nft", "nftables")) {
            StartupException e = assertThrows(StartupException.class, () -> registry(new TestProvider(id)).discover());
            assertTrue(e.getMessage().startsWith("backend id \"" + id + "\" is reserved for the built-in backends, but module masq.app"),
                    e.getMessage());
        }
    }

    @Test
    void invalidIdsAreRefused() {
        StartupException e = assertThrows(StartupException.class, () -> registry(new TestProvider("Has Space")).discover());
        assertTrue(e.getMessage().contains("invalid id \"Has Space\""), e.getMessage());
    }

    @Test
    void aProviderThatFailsToLoadIsSkipped() throws StartupException {
        BackendRegistry r = new BackendRegistry(() -> java.util.stream.Stream.of(
                new Found(TestProvider.class, null), new Found(TestProvider.class, new TestProvider("ok"))));
        assertEquals(List.of("ok"), r.discover().stream().map(BackendRegistry.Discovered::id).toList());
    }

    @Test
    void findsTheRealDryRunModuleThroughALayer() throws StartupException {
        BackendRegistry.Discovered d = BackendRegistry.of(List.of(TestModules.dryRunLayer())).select("dryrun");
        assertEquals("masq.backend.dryrun", d.module());
        assertTrue(d.version().matches("\\d+\\.\\d+\\.\\d+.*|unversioned"), d.version());
        assertTrue(d.location().contains("masq-backend-dryrun"), d.location());
    }
}
