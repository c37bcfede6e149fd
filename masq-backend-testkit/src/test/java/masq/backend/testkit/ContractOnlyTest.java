package masq.backend.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The published testkit holds the backend contract and nothing of the project's own lab (network
 * namespaces, the image under test, plugin jars: masq-testlab). A class added here becomes part of what
 * plugin authors build against, so it is added to this list on purpose.
 */
class ContractOnlyTest {
    private static final Path CLASSES = Path.of("target/classes");

    @Test
    void theModuleRequiresOnlyTheApiAndJUnitAndExportsOnePackage() {
        ModuleDescriptor d = ModuleFinder.of(CLASSES).find("masq.backend.testkit").orElseThrow().descriptor();
        assertEquals(Set.of("java.base", "masq.api", "org.junit.jupiter.api"),
                d.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()));
        assertEquals(Set.of("masq.backend.testkit"),
                d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
    }

    @Test
    void itsTypesAreTheContract() throws Exception {
        Set<String> types;
        try (Stream<Path> files = Files.list(CLASSES.resolve("masq/backend/testkit"))) {
            types = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".class") && !n.contains("$"))
                    .map(n -> n.substring(0, n.length() - ".class".length())).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(new TreeSet<>(Set.of("BackendContract", "BackendFixture", "FlowCase", "FlowCases", "FlowTable")), types);
    }
}
