package masq.app.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import masq.api.spi.BackendContext;
import masq.api.spi.FirewallBackendProvider;
import masq.app.platform.StartupException;
import masq.testlab.PluginJars;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugins from a directory, through real module layers over this test JVM's boot layer. */
class PluginLayersTest {
    @TempDir
    static Path jars;
    @TempDir
    Path pluginDir;

    static Path good;
    static Path other;
    static Path sameIdAsGood;
    static Path claimsIptables;
    static Path throwing;
    static Path corrupt;
    static Path missingDependency;
    static Path library;
    static Path usesLibrary;

    @BeforeAll
    static void buildJars() throws Exception {
        List<Path> api = List.of(PluginJars.locationOf(FirewallBackendProvider.class));
        good = PluginJars.compile(jars.resolve("good.jar"), api, PluginJars.providerSources("test.good", "test-good", false));
        other = PluginJars.compile(jars.resolve("other.jar"), api, PluginJars.providerSources("test.other", "test-other", false));
        sameIdAsGood = PluginJars.compile(jars.resolve("copycat.jar"), api,
                PluginJars.providerSources("test.copycat", "test-good", false));
        claimsIptables = PluginJars.compile(jars.resolve("fake-iptables.jar"), api,
                PluginJars.providerSources("test.fakeiptables", "iptables", false));
        throwing = PluginJars.compile(jars.resolve("throwing.jar"), api, PluginJars.providerSources("test.throwing", "test-throwing", true));
        corrupt = PluginJars.single(jars.resolve("corrupt.jar"), "module-info.class",
                "not a class file".getBytes(StandardCharsets.US_ASCII));
        library = PluginJars.compile(jars.resolve("lib/test-lib.jar"), List.of(), Map.of(
                "module-info.java", "module test.lib { exports test.lib; }",
                "test/lib/Names.java", "package test.lib; public final class Names { public static String text() { return \"from test.lib\"; } }"));
        Map<String, String> withLib = new java.util.HashMap<>(PluginJars.providerSources("test.withlib", "test-with-lib", false));
        withLib.put("module-info.java", "module test.withlib { requires masq.api; requires test.lib;"
                + " provides masq.api.spi.FirewallBackendProvider with test.withlib.Provider; }");
        withLib.put("test/withlib/Provider.java", withLib.get("test/withlib/Provider.java")
                .replace("Availability.available(\"test\")", "Availability.available(test.lib.Names.text())"));
        usesLibrary = PluginJars.compile(jars.resolve("lib/test-withlib.jar"), List.of(api.get(0), library), withLib);
        missingDependency = PluginJars.compile(jars.resolve("needs-lib.jar"), List.of(api.get(0), library), Map.of(
                "module-info.java", withLib.get("module-info.java").replace("test.withlib", "test.needslib"),
                "test/needslib/Provider.java", withLib.get("test/withlib/Provider.java").replace("test.withlib", "test.needslib")));
    }

    static final BackendContext CONTEXT = new BackendContext((argv, stdin, timeout) -> {
        throw new AssertionError("no command expected: " + argv);
    }, Map.of());

    private void add(Path jar) throws Exception {
        Files.copy(jar, pluginDir.resolve(jar.getFileName()));
    }

    private List<String> ids() throws StartupException {
        return registry().discover().stream().map(DeclaredBackend::id).toList();
    }

    private BackendRegistry registry() {
        return new BackendRegistry(Stream::empty).withPlugins(PluginLayers.load(pluginDir));
    }

    @Test
    void aMissingDirectoryMeansNoPlugins() {
        assertEquals(List.of(), PluginLayers.load(pluginDir.resolve("absent")));
    }

    @Test
    void eachJarIsAPluginFoundWithItsModuleAndLocation() throws Exception {
        add(good);
        add(other);
        Files.writeString(pluginDir.resolve("README.txt"), "not a plugin");
        List<DeclaredBackend> found = registry().discover();
        assertEquals(List.of("test-good", "test-other"), found.stream().map(DeclaredBackend::id).toList());
        SelectedBackend d = registry().select("test-good");
        assertEquals("test.good", d.module());
        assertEquals(pluginDir.resolve("good.jar").toUri().toString(), d.location());
        List<PluginLayers.Plugin> plugins = PluginLayers.load(pluginDir);
        assertTrue(plugins.get(0).layer() != plugins.get(1).layer(), "one layer per plugin");
        assertEquals(List.of(ModuleLayer.boot()), plugins.get(0).layer().parents());
    }

    @Test
    void aSubdirectoryOfJarsIsOnePluginWhoseModulesSeeEachOther() throws Exception {
        Path sub = PluginJars.directory(pluginDir.resolve("with-lib"));
        Files.copy(library, sub.resolve("test-lib.jar"));
        Files.copy(usesLibrary, sub.resolve("test-withlib.jar"));
        assertEquals(List.of("test-with-lib"), ids());
        assertEquals("from test.lib", registry().select("test-with-lib").probe(CONTEXT).detail(), "the library is read at run time");
    }

    @Test
    void brokenPluginsAreSkippedAndTheOthersLoad() throws Exception {
        add(corrupt);
        add(throwing);
        add(missingDependency);
        add(good);
        assertEquals(List.of(pluginDir.resolve("good.jar"), pluginDir.resolve("throwing.jar")),
                PluginLayers.load(pluginDir).stream().map(PluginLayers.Plugin::source).toList(),
                "corrupt.jar and needs-lib.jar (test.lib missing) get no layer");
        assertEquals(List.of("test-good", "test-throwing"), ids(), "declared; its constructor has not run");
        assertEquals("test-good", registry().select("test-good").id());
        StartupException e = assertThrows(StartupException.class, () -> registry().select("test-throwing"));
        assertTrue(e.getMessage().startsWith("backend test-throwing: provider test.throwing.Provider from module test.throwing@"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("could not be created: java.lang.IllegalStateException: broken on purpose"), e.getMessage());
    }

    @Test
    void aPluginClaimingABuiltInIdIsFatal() throws Exception {
        add(claimsIptables);
        StartupException e = assertThrows(StartupException.class, this::ids);
        assertEquals("backend id \"iptables\" is reserved for the built-in backends, but module test.fakeiptables ("
                + pluginDir.resolve("fake-iptables.jar").toUri() + ") claims it", e.getMessage());
    }

    @Test
    void twoPluginsWithOneIdAreFatal() throws Exception {
        add(good);
        add(sameIdAsGood);
        StartupException e = assertThrows(StartupException.class, this::ids);
        assertTrue(e.getMessage().startsWith("duplicate backend id \"test-good\": provided by module test.copycat@"),
                e.getMessage());
        assertTrue(e.getMessage().contains("and by module test.good@"), e.getMessage());
    }

    @Test
    void aCopyOfMasqApiInsideAPluginIsIgnored() throws Exception {
        Path sub = PluginJars.directory(pluginDir.resolve("bundled"));
        Files.copy(good, sub.resolve("good.jar"));
        Path api = PluginJars.locationOf(FirewallBackendProvider.class);
        if (Files.isDirectory(api)) {
            PluginJars.jar(sub.resolve("masq-api.jar"), api);
        } else {
            Files.copy(api, sub.resolve("masq-api.jar"));
        }
        assertEquals(List.of("test-good"), ids(), "the provider implements the agent's FirewallBackendProvider");
    }
}
