package masq.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import com.tngtech.archunit.library.GeneralCodingRules;
import java.io.IOException;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import masq.app.platform.Console;
import masq.app.platform.ProcessCommandRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rules JPMS cannot enforce, over the production classes of every project module. */
class ArchitectureTest {
    /**
     * masq.app's packages, each with the packages it may depend on (besides itself, the JDK, the libraries and
     * the other modules), short for {@code masq.app.<name>}: the package map of docs/design.md, which
     * {@link #theDesignDocsPackageMapIsTheRule()} keeps equal to this one.
     */
    static final Map<String, List<String>> APP_PACKAGES = packageMap(
            "masq.app", "agent command cli discovery logging platform",
            "masq.app.agent", "command cli sync ops foreign discovery platform",
            "masq.app.command", "cli discovery foreign logging platform",
            "masq.app.cli", "platform",
            "masq.app.foreign", "sync",
            "masq.app.ops", "ops.http sync platform",
            "masq.app.ops.http", "",
            "masq.app.sync", "",
            "masq.app.discovery", "platform",
            "masq.app.logging", "",
            "masq.app.platform", "");

    private static JavaClasses classes;
    private static List<ModuleReference> modules;

    @BeforeAll
    static void importProductionClasses() {
        // Production modules only: the testkit (the backend contract) and the testlab (it starts processes to
        // build network namespaces for kernel tests) are test-scope support, never linked into the image.
        modules = TestModules.projectModules().stream()
                .filter(r -> !java.util.Set.of("masq.backend.testkit", "masq.testlab").contains(r.descriptor().name())).toList();
        List<Location> locations = new ArrayList<>();
        for (ModuleReference ref : modules) {
            ref.location().ifPresent(uri -> locations.add(uri.getScheme().equals("file") && uri.getPath().endsWith(".jar")
                    ? Location.of(java.net.URI.create("jar:" + uri + "!/")) : Location.of(uri)));
        }
        classes = new ClassFileImporter().importLocations(locations);
        // The rules below must have something to check: the runner, the console and a backend are in scope.
        assertTrue(classes.contain(ProcessCommandRunner.class));
        assertTrue(classes.contain(Console.class));
        assertTrue(classes.stream().anyMatch(c -> c.getPackageName().equals("masq.backend.dryrun")));
        assertTrue(classes.stream().noneMatch(c -> c.getSimpleName().endsWith("Test")), "test classes must not be imported");
    }

    @Test
    void everyPackageStartsWithItsModuleName() {
        for (JavaClass c : classes) {
            if (c.getSimpleName().equals("module-info") || c.getName().endsWith("module-info")) {
                continue;
            }
            String module = modules.stream().map(r -> r.descriptor().name())
                    .filter(m -> r2(m).packages().contains(c.getPackageName())).findFirst()
                    .orElseThrow(() -> new AssertionError(c.getName() + " is in no module's packages"));
            assertTrue(c.getPackageName().equals(module) || c.getPackageName().startsWith(module + "."),
                    c.getName() + " is in module " + module);
        }
    }

    private static java.lang.module.ModuleDescriptor r2(String name) {
        return modules.stream().filter(r -> r.descriptor().name().equals(name)).findFirst().orElseThrow().descriptor();
    }

    @Test
    void noPackageCycles() {
        slices().matching("masq.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void masqAppPackagesHaveNoCycles() {
        slices().matching("masq.app.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void masqAppPackagesDependOnlyAsTheMapSays() {
        LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String p : APP_PACKAGES.keySet()) {
            layers = layers.layer(p).definedBy(p);
        }
        for (Map.Entry<String, List<String>> e : APP_PACKAGES.entrySet()) {
            String[] allowed = e.getValue().stream().map(n -> "masq.app." + n).toArray(String[]::new);
            layers = allowed.length == 0 ? layers.whereLayer(e.getKey()).mayNotAccessAnyLayer()
                    : layers.whereLayer(e.getKey()).mayOnlyAccessLayers(allowed);
        }
        layers.check(classes);
    }

    @Test
    void everyMasqAppPackageIsOnTheMap() {
        TreeSet<String> packages = new TreeSet<>();
        classes.stream().map(JavaClass::getPackageName).filter(p -> p.equals("masq.app") || p.startsWith("masq.app."))
                .forEach(packages::add);
        assertEquals(new TreeSet<>(APP_PACKAGES.keySet()), packages);
    }

    /** The table under "## Package map" in docs/design.md: package, concern, what it may depend on. */
    @Test
    void theDesignDocsPackageMapIsTheRule() throws IOException {
        String design = Files.readString(Path.of(System.getProperty("basedir", "."), "..", "docs", "design.md"));
        String section = design.substring(design.indexOf("## Package map"));
        section = section.substring(0, section.indexOf("\n## ", 1) < 0 ? section.length() : section.indexOf("\n## ", 1));
        Map<String, List<String>> documented = new LinkedHashMap<>();
        Matcher row = Pattern.compile("^\\| `(masq\\.app[\\w.]*)` \\|[^|]*\\| ([^|]*) \\|$", Pattern.MULTILINE).matcher(section);
        while (row.find()) {
            List<String> deps = new ArrayList<>();
            Matcher dep = Pattern.compile("`([\\w.]+)`").matcher(row.group(2));
            while (dep.find()) {
                deps.add(dep.group(1));
            }
            documented.put(row.group(1), deps);
        }
        assertEquals(APP_PACKAGES, documented);
    }

    private static Map<String, List<String>> packageMap(String... pairs) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1].isEmpty() ? List.of() : Arrays.asList(pairs[i + 1].split(" ")));
        }
        return map;
    }

    @Test
    void onlyTheConsoleTouchesStandardStreams() {
        noClasses().that().doNotHaveFullyQualifiedName(Console.class.getName())
                .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS).check(classes);
    }

    @Test
    void onlyTheProcessRunnerStartsProcesses() {
        noClasses().that().doNotHaveFullyQualifiedName(ProcessCommandRunner.class.getName())
                .should().dependOnClassesThat().areAssignableTo(ProcessBuilder.class).check(classes);
        noClasses().should().callMethodWhere(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                com.tngtech.archunit.core.domain.properties.HasName.Predicates.name("exec"))
                .and(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                        com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner(
                                com.tngtech.archunit.base.DescribedPredicate.describe("Runtime",
                                        (JavaClass o) -> o.isEquivalentTo(Runtime.class))))))
                .check(classes);
    }

    @Test
    void noJavaUtilLogging() {
        GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING.check(classes);
    }
}
