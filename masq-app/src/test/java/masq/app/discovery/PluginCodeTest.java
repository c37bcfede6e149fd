package masq.app.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import masq.api.spi.Backend;
import masq.api.spi.FirewallBackendProvider;
import masq.app.TestCli;
import masq.app.platform.StartupException;
import masq.testlab.NetnsLab;
import masq.testlab.PluginJars;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin's code runs only when it is chosen with {@code --backend}, and then within a bound. Plugins here
 * leave a marker file when any of their code runs (constructor, static initializer, an enum initializer
 * reached through an annotation) or hang (a constructor, probe or create that sleeps forever).
 */
@Timeout(120)
class PluginCodeTest {
    @TempDir
    static Path work;
    static Path plugins;
    static Path markers;

    /** Writes {@code markers/<name>}: plugin code ran. */
    private static String mark(String name) {
        return "try { java.nio.file.Files.writeString(java.nio.file.Path.of(\"" + markers.resolve(name)
                + "\"), \"ran\"); } catch (java.io.IOException e) { throw new java.io.UncheckedIOException(e); }";
    }

    private static final String SLEEP = "Thread.sleep(Long.MAX_VALUE);";

    @BeforeAll
    static void buildPlugins() throws Exception {
        plugins = PluginJars.directory(work.resolve("plugins"));
        markers = Files.createDirectories(work.resolve("markers"));
        List<Path> api = List.of(PluginJars.locationOf(FirewallBackendProvider.class));
        PluginJars.compile(plugins.resolve("ctor.jar"), api, PluginJars.providerSources("test.ctor", "test-ctor", mark("ctor")));
        Map<String, String> statics = new HashMap<>(PluginJars.providerSources("test.statics", "test-statics", ""));
        statics.computeIfPresent("test/statics/Provider.java", (k, v) -> v.replace("public Provider()",
                "static { " + mark("static") + " }\n  public Provider()"));
        PluginJars.compile(plugins.resolve("statics.jar"), api, statics);
        // The plugin's own annotation with an enum value: reading annotations by reflection initializes the enum.
        Map<String, String> annotated = new HashMap<>(PluginJars.providerSources("test.annotated", "test-annotated", ""));
        annotated.computeIfPresent("test/annotated/Provider.java", (k, v) -> v.replace("@Backend(", "@Mode(Mode.Kind.FAST) @Backend("));
        annotated.put("test/annotated/Mode.java", "package test.annotated;\n"
                + "@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)\n"
                + "public @interface Mode { Kind value();\n"
                + "  enum Kind { FAST; static { " + mark("enum") + " } } }\n");
        PluginJars.compile(plugins.resolve("annotated.jar"), api, annotated);
        PluginJars.compile(plugins.resolve("sleeper.jar"), api, PluginJars.providerSources("test.sleeper", "test-sleeper", SLEEP));
        Map<String, String> slowProbe = new HashMap<>(PluginJars.providerSources("test.slowprobe", "test-slow-probe", ""));
        slowProbe.computeIfPresent("test/slowprobe/Provider.java", (k, v) -> v.replace(
                "public Availability probe(BackendContext c) {", "public Availability probe(BackendContext c) {"
                        + " try { " + SLEEP + " } catch (InterruptedException e) { throw new IllegalStateException(e); }"));
        PluginJars.compile(plugins.resolve("slow-probe.jar"), api, slowProbe);
        Map<String, String> slowCreate = new HashMap<>(PluginJars.providerSources("test.slowcreate", "test-slow-create", ""));
        slowCreate.computeIfPresent("test/slowcreate/Provider.java", (k, v) -> v.replace(
                "throws BackendException {", "throws BackendException {"
                        + " try { " + SLEEP + " } catch (InterruptedException e) { throw new IllegalStateException(e); }"));
        PluginJars.compile(plugins.resolve("slow-create.jar"), api, slowCreate);
    }

    @BeforeEach
    void noMarkers() throws Exception {
        try (Stream<Path> files = Files.list(markers)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
    }

    private static List<String> ran() throws Exception {
        try (Stream<Path> files = Files.list(markers)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static BackendRegistry registry(Duration bound) {
        return new BackendRegistry(Stream::empty, bound).withPlugins(PluginLayers.load(plugins));
    }

    @Test
    void pluginsNotAskedForRunNoCodeInRunRenderOrHelp() throws Exception {
        String dir = plugins.toString();
        TestCli run = TestCli.run("run", "--once", "--backend=dryrun", "--plugin-dir", dir, "--config-dir", TestCli.configDir("good"));
        assertEquals(0, run.exitCode, run.err());
        assertEquals(0, TestCli.run("render", "--backend=dryrun", "--plugin-dir", dir, "--config-dir", TestCli.configDir("good")).exitCode);
        TestCli help = TestCli.run("--plugin-dir", dir, "--help");
        assertEquals(0, help.exitCode, help.err());
        for (String id : List.of("test-annotated", "test-ctor", "test-sleeper", "test-slow-create", "test-slow-probe", "test-statics")) {
            assertTrue(help.out().contains("  " + id + " - test plugin "), help.out());
        }
        assertEquals(List.of(), ran(), "no plugin code ran");

        // The trap is real: reflection on the annotated provider class runs the plugin's enum initializer.
        ModuleLayer layer = PluginLayers.load(plugins).stream().filter(p -> p.source().endsWith("annotated.jar"))
                .findFirst().orElseThrow().layer();
        Class<?> type = Class.forName(layer.findModule("test.annotated").orElseThrow(), "test.annotated.Provider");
        assertEquals("test-annotated", type.getAnnotation(Backend.class).id());
        assertEquals(List.of("enum"), ran());
    }

    @Test
    void theChosenPluginAloneIsInstantiated() throws Exception {
        assertEquals("test-ctor", registry(Duration.ofSeconds(30)).select("test-ctor").provider().id());
        assertEquals(List.of("ctor"), ran());
    }

    @Test
    void aHangingConstructorProbeOrCreateFailsAfterTheBoundAndLeavesNoThread() throws Exception {
        BackendRegistry registry = registry(Duration.ofMillis(300));
        StartupException ctor = assertThrows(StartupException.class, () -> registry.select("test-sleeper"));
        assertTrue(ctor.getMessage().startsWith("the constructor of backend test-sleeper (module test.sleeper@"), ctor.getMessage());
        assertTrue(ctor.getMessage().endsWith("did not return within 300ms; giving up (its thread ended when interrupted)"),
                ctor.getMessage());

        SelectedBackend probing = registry.select("test-slow-probe");
        StartupException probe = assertThrows(StartupException.class, () -> probing.probe(PluginLayersTest.CONTEXT));
        assertTrue(probe.getMessage().startsWith("probe of backend test-slow-probe (module test.slowprobe@"), probe.getMessage());

        SelectedBackend creating = registry.select("test-slow-create");
        StartupException create = assertThrows(StartupException.class, () -> creating.create(PluginLayersTest.CONTEXT));
        assertTrue(create.getMessage().startsWith("create of backend test-slow-create (module test.slowcreate@"), create.getMessage());

        NetnsLab.waitFor(Duration.ofSeconds(10), "no plugin-call thread left", () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("plugin-call") && t.isAlive()));
        assertFalse(ran().contains("ctor"));
    }
}
