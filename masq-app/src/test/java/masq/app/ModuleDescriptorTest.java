package masq.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The modules' public surface, locked down: a golden descriptor per module, and the backend rules JPMS
 * cannot state itself (no exports, no opens, no uses, provides the SPI) for every backend present.
 */
class ModuleDescriptorTest {
    private static final String SPI = "masq.api.spi.FirewallBackendProvider";

    /** {@code jar --describe-module} style, sorted, without the version. */
    static String describe(ModuleDescriptor d) {
        List<String> lines = new ArrayList<>();
        lines.add((d.isOpen() ? "open module " : "module ") + d.name());
        d.requires().stream().map(r -> "requires " + r.modifiers().stream().map(m -> m.name().toLowerCase(Locale.ROOT) + " ")
                .sorted().collect(Collectors.joining()) + r.name()).sorted().forEach(lines::add);
        d.exports().stream().map(e -> "exports " + e.source() + (e.isQualified() ? " to " + String.join(",", e.targets().stream().sorted().toList()) : ""))
                .sorted().forEach(lines::add);
        d.opens().stream().map(o -> "opens " + o.source() + (o.isQualified() ? " to " + String.join(",", o.targets().stream().sorted().toList()) : ""))
                .sorted().forEach(lines::add);
        d.uses().stream().map(u -> "uses " + u).sorted().forEach(lines::add);
        d.provides().stream().map(p -> "provides " + p.service() + " with " + String.join(",", p.providers().stream().sorted().toList()))
                .sorted().forEach(lines::add);
        d.packages().stream().filter(p -> d.exports().stream().noneMatch(e -> e.source().equals(p)))
                .map(p -> "contains " + p).sorted().forEach(lines::add);
        return String.join("\n", lines) + "\n";
    }

    @ParameterizedTest
    @ValueSource(strings = {"masq.api", "masq.config", "masq.backend.dryrun", "masq.backend.iptables", "masq.backend.nftables", "masq.app"})
    void descriptorMatchesItsGoldenFile(String module) throws Exception {
        Path golden = Path.of(System.getProperty("basedir", "."), "src", "test", "resources", "module-descriptors",
                module + ".txt");
        assertEquals(Files.readString(golden), describe(TestModules.module(module).descriptor()));
    }

    @Test
    void backendsExportNothingAndOnlyProvideTheSpi() {
        List<ModuleReference> backends = TestModules.projectModules().stream()
                .filter(r -> r.descriptor().name().startsWith("masq.backend.") && !r.descriptor().name().equals("masq.backend.testkit"))
                .toList();
        assertTrue(backends.stream().anyMatch(r -> r.descriptor().name().equals("masq.backend.dryrun")), "dryrun must be checked");
        for (ModuleReference ref : backends) {
            ModuleDescriptor d = ref.descriptor();
            assertEquals(List.of(), List.copyOf(d.exports()), d.name() + " must export nothing");
            assertEquals(List.of(), List.copyOf(d.opens()), d.name() + " must open nothing");
            assertTrue(!d.isOpen(), d.name() + " must not be an open module");
            assertEquals(List.of(), List.copyOf(d.uses()), d.name() + ": only masq.app uses the SPI");
            // A backend module still being written (no classes yet) provides nothing yet; once it has code it must.
            if (!d.packages().isEmpty()) {
                assertEquals(List.of(SPI), d.provides().stream().map(ModuleDescriptor.Provides::service).toList(),
                        d.name() + " must provide exactly " + SPI);
            }
        }
    }

    @Test
    void onlyMasqAppUsesTheSpis() {
        for (ModuleReference ref : TestModules.projectModules()) {
            if (!ref.descriptor().name().equals("masq.app")) {
                assertEquals(List.of(), List.copyOf(ref.descriptor().uses()), ref.descriptor().name());
            }
        }
    }
}
