package masq.app;

import java.io.File;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Finds the project's modules on the test's module path and class path, wherever surefire put them. */
public final class TestModules {
    private TestModules() {
    }

    /** Every {@code masq.*} module found on the module path or class path, by name. */
    static List<ModuleReference> projectModules() {
        List<Path> entries = new ArrayList<>();
        for (String property : List.of("jdk.module.path", "java.class.path")) {
            String value = System.getProperty(property, "");
            Stream.of(value.split(File.pathSeparator)).filter(s -> !s.isEmpty()).map(Path::of)
                    .filter(p -> p.toFile().exists()).forEach(entries::add);
        }
        List<ModuleReference> out = new ArrayList<>();
        for (Path entry : entries) {
            try {
                ModuleFinder.of(entry).findAll().stream()
                        .filter(r -> r.descriptor().name().startsWith("masq."))
                        .filter(r -> out.stream().noneMatch(o -> o.descriptor().name().equals(r.descriptor().name())))
                        .forEach(out::add);
            } catch (RuntimeException e) {
                // Not a module (a plain jar or test-classes without a descriptor): not ours to check.
            }
        }
        out.sort(Comparator.comparing(r -> r.descriptor().name()));
        return out;
    }

    static ModuleReference module(String name) {
        return projectModules().stream().filter(r -> r.descriptor().name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("module " + name + " not found on the test paths"));
    }

    /**
     * A layer holding the dry-run backend, as a plugin directory would add one: the real module, found
     * through the real ServiceLoader path, independent of how surefire laid out the boot layer.
     */
    public static ModuleLayer dryRunLayer() {
        if (ModuleLayer.boot().findModule("masq.backend.dryrun").isPresent()) {
            return ModuleLayer.boot();
        }
        Path jar = Path.of(module("masq.backend.dryrun").location().orElseThrow());
        ModuleFinder finder = ModuleFinder.of(jar);
        Configuration cf = ModuleLayer.boot().configuration().resolveAndBind(finder, ModuleFinder.of(),
                Set.of("masq.backend.dryrun"));
        return ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getSystemClassLoader());
    }
}
