package example.windows.outboundnat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import masq.api.MasqPolicy;
import masq.api.spi.BackendContext;
import masq.api.spi.BackendException;
import masq.api.spi.FirewallBackend;
import masq.api.spi.SyncResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboundNatBackendTest {
    @TempDir
    Path dir;

    private static BackendContext context(Map<String, String> options) {
        return new BackendContext((argv, stdin, timeout) -> {
            throw new AssertionError("no commands expected");
        }, options);
    }

    private FirewallBackend backendFor(Path file) throws BackendException {
        return new OutboundNatBackendProvider().create(context(Map.of("cni-config", file.toString())));
    }

    private Path seed() throws Exception {
        Path file = dir.resolve("10-cbr0.conf");
        Files.writeString(file, Samples.sample("seed-win-bridge-v1.conf"));
        return file;
    }

    @Test
    void syncWritesTheSeedFileAsTheGoldenAndThenReportsNoChange() throws Exception {
        Path file = seed();
        FirewallBackend backend = backendFor(file);
        SyncResult first = backend.sync(Samples.GOLDEN_POLICY);
        assertTrue(first.changed());
        assertEquals(file + " /policies/0/value/ExceptionList: 4 entries (+4 -3)", first.summary());
        assertEquals(Samples.golden("seed-win-bridge-v1.conf"), Files.readString(file));
        assertFalse(backend.sync(Samples.GOLDEN_POLICY).changed());
        try (Stream<Path> names = Files.list(dir)) {
            assertEquals(List.of(file), names.toList(), "no temporary file left behind");
        }
    }

    @Test
    void renderShowsTheNewFileAndWritesNothing() throws Exception {
        Path file = seed();
        var rendering = backendFor(file).render(Samples.GOLDEN_POLICY);
        assertEquals(1, rendering.payloads().size());
        assertEquals(file + " (/policies/0/value/ExceptionList)", rendering.payloads().get(0).target());
        assertEquals(Samples.golden("seed-win-bridge-v1.conf"), rendering.payloads().get(0).text());
        assertEquals(Samples.sample("seed-win-bridge-v1.conf"), Files.readString(file));
    }

    @Test
    void cleanupEmptiesTheList() throws Exception {
        Path file = seed();
        assertTrue(backendFor(file).cleanup().changed());
        assertEquals(List.of(), CniConfig.parse("f", Files.readString(file)).exceptions());
        assertTrue(Files.readString(file).contains("\"ExceptionList\": []\n      }"));
        String emptied = Files.readString(file);
        assertFalse(backendFor(file).cleanup().changed(), "already empty: nothing removed");
        assertEquals(emptied, Files.readString(file));
    }

    @Test
    void permissionsAreKeptAndASymlinkStaysALink() throws Exception {
        Path real = seed();
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-r-----"));
        Path link = dir.resolve("cni.conf");
        Files.createSymbolicLink(link, real.getFileName());
        assertTrue(backendFor(link).sync(MasqPolicy.defaults()).changed());
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(real)));
        assertEquals(List.of("169.254.0.0/16", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"),
                CniConfig.parse("f", Files.readString(real)).exceptions());
    }

    @Test
    void aBrokenFileIsRejectedAndLeftAsItWas() throws Exception {
        Path file = dir.resolve("bad.conf");
        Files.writeString(file, "{\"policies\": [}");
        FirewallBackend backend = backendFor(file);
        BackendException e = assertThrows(BackendException.class, () -> backend.sync(MasqPolicy.defaults()));
        assertEquals(BackendException.Reason.REJECTED, e.reason());
        assertTrue(e.getMessage().startsWith(file + ": not valid JSON: "), e.getMessage());
        assertEquals("{\"policies\": [}", Files.readString(file));
    }

    @Test
    void aFileThatVanishedIsReportedAsNotFound() throws Exception {
        Path file = seed();
        FirewallBackend backend = backendFor(file);
        Files.delete(file);
        BackendException e = assertThrows(BackendException.class, () -> backend.sync(MasqPolicy.defaults()));
        assertEquals(BackendException.Reason.NOT_FOUND, e.reason());
        assertTrue(e.getMessage().startsWith("failed to read CNI config " + file), e.getMessage());
    }

    @Test
    void theModuleExportsNothingAndProvidesOneBackend() {
        var descriptor = OutboundNatBackendProvider.class.getModule().getDescriptor();
        assertEquals("example.windows.outboundnat", descriptor.name());
        assertEquals(java.util.Set.of(), descriptor.exports());
        assertEquals(java.util.Set.of(), descriptor.opens());
        assertEquals(1, descriptor.provides().size());
        var provides = descriptor.provides().iterator().next();
        assertEquals("masq.api.spi.FirewallBackendProvider", provides.service());
        assertEquals(List.of("example.windows.outboundnat.OutboundNatBackendProvider"), provides.providers());
    }

    @Test
    void providerOptionsAreCheckedAndProbeReadsOnly() throws Exception {
        OutboundNatBackendProvider provider = new OutboundNatBackendProvider();
        assertEquals("windows-outboundnat", provider.id());
        BackendException missing = assertThrows(BackendException.class, () -> provider.create(context(Map.of())));
        assertEquals("windows-outboundnat needs --backend-option cni-config=<win-bridge CNI config file>",
                missing.getMessage());
        BackendException unknown = assertThrows(BackendException.class,
                () -> provider.create(context(Map.of("cni-config", "x", "cni-conf", "y"))));
        assertEquals("unknown backend option(s) [cni-conf] for windows-outboundnat; known: cni-config", unknown.getMessage());
        // The SPI's rule for a wrong, unknown or missing option (FirewallBackendProvider#create): FAILED.
        assertEquals(BackendException.Reason.FAILED, unknown.reason());
        assertEquals(BackendException.Reason.FAILED, missing.reason());
        assertEquals(BackendException.Reason.NOT_FOUND, assertThrows(BackendException.class,
                () -> provider.create(context(Map.of("cni-config", dir.resolve("none.conf").toString())))).reason());

        Path file = seed();
        var probe = provider.probe(context(Map.of("cni-config", file.toString())));
        assertTrue(probe.available(), probe.detail());
        assertEquals(file + " /policies/0/value/ExceptionList", probe.detail());
        assertFalse(provider.probe(context(Map.of())).available());
        assertEquals(Samples.sample("seed-win-bridge-v1.conf"), Files.readString(file));
    }
}
