package masq.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.library.GeneralCodingRules;
import java.lang.module.ModuleReference;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rules JPMS cannot enforce, over the production classes of every project module. */
class ArchitectureTest {
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
