package masq.app.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import masq.api.spi.FirewallBackendProvider;
import masq.app.logging.CapturedLogs;
import masq.app.platform.EffectiveUid;
import masq.testlab.PluginJars;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugin files another user could have written are refused (real owners and modes on a temporary tree;
 * changing a file's owner needs root, so those cases are skipped otherwise).
 */
class PluginTrustTest {
    private static final int OTHER_UID = 4242;
    private static final PluginTrust ROOT_ONLY = new PluginTrust(Set.of(0));

    @TempDir
    static Path jars;
    static Path good;
    static Path other;

    @TempDir
    Path tmp;
    Path plugins;
    CapturedLogs logs;

    @BeforeAll
    static void buildJars() throws Exception {
        List<Path> api = List.of(PluginJars.locationOf(FirewallBackendProvider.class));
        good = PluginJars.compile(jars.resolve("good.jar"), api, PluginJars.providerSources("test.good", "test-good", false));
        other = PluginJars.compile(jars.resolve("other.jar"), api, PluginJars.providerSources("test.other", "test-other", false));
    }

    @BeforeEach
    void layout() throws Exception {
        assumeTrue(EffectiveUid.get().orElse(-1) == 0, "owners can only be changed by root");
        mode(tmp, 0755);
        plugins = dir(tmp.resolve("plugins"), 0755);
        logs = new CapturedLogs(PluginLayers.class.getName());
    }

    @AfterEach
    void releaseLogs() {
        if (logs != null) {
            logs.close();
        }
    }

    private static Path dir(Path p, int mode) throws Exception {
        return mode(Files.createDirectories(p), mode);
    }

    private static Path mode(Path p, int mode) throws Exception {
        Files.setAttribute(p, "unix:mode", mode);
        return p;
    }

    private static Path copy(Path jar, Path to, int mode) throws Exception {
        return mode(Files.copy(jar, to), mode);
    }

    private List<Path> loaded(PluginTrust trust) {
        return PluginLayers.load(plugins, trust).stream().map(PluginLayers.Plugin::source).toList();
    }

    private List<Path> loaded() {
        return loaded(ROOT_ONLY);
    }

    private List<String> errors() {
        return logs.list.stream().filter(e -> e.getLevel() == Level.ERROR).map(e -> e.getFormattedMessage()).toList();
    }

    @Test
    void aPluginDirectoryWritableByOthersRefusesEveryPlugin() throws Exception {
        copy(good, plugins.resolve("good.jar"), 0644);
        mode(plugins, 0777);
        assertEquals(List.of(), loaded());
        assertEquals(List.of("refusing every plugin in " + plugins + ": " + plugins + " is writable by others (rwxrwxrwx); "
                + PluginTrust.RULE), errors());
    }

    @Test
    void aJarWritableByItsGroupOrOthersIsRefusedAndTheOthersLoad() throws Exception {
        copy(good, plugins.resolve("good.jar"), 0644);
        copy(other, plugins.resolve("other.jar"), 0664);
        assertEquals(List.of(plugins.resolve("good.jar")), loaded());
        assertEquals(List.of("refusing plugin " + plugins.resolve("other.jar") + ": " + plugins.resolve("other.jar")
                + " is writable by its group (rw-rw-r--); " + PluginTrust.RULE), errors());
        mode(plugins.resolve("other.jar"), 0646);
        assertEquals(List.of(plugins.resolve("good.jar")), loaded());
        assertTrue(errors().getLast().contains("other.jar is writable by others (rw-r--rw-)"), errors().toString());
    }

    @Test
    void aJarOwnedByAnotherUserIsRefusedUnlessTheAgentRunsAsThatUser() throws Exception {
        Path jar = copy(other, plugins.resolve("other.jar"), 0644);
        Files.setAttribute(jar, "unix:uid", OTHER_UID);
        assertEquals(List.of(), loaded());
        assertEquals(List.of("refusing plugin " + jar + ": " + jar + " is owned by " + OTHER_UID + " (uid " + OTHER_UID
                + "), not by root; " + PluginTrust.RULE), errors());
        assertEquals(List.of(jar), loaded(new PluginTrust(Set.of(0, OTHER_UID))), "an agent running as uid " + OTHER_UID);
    }

    @Test
    void everythingInASubDirectoryPluginIsChecked() throws Exception {
        Path sub = dir(plugins.resolve("with-lib"), 0755);
        copy(good, sub.resolve("good.jar"), 0644);
        Path lib = copy(other, sub.resolve("lib.jar"), 0644);
        assertEquals(List.of(sub), loaded());
        mode(lib, 0666);
        assertEquals(List.of(), loaded());
        assertTrue(errors().getLast().startsWith("refusing plugin " + sub + ": " + lib + " is writable by others"), errors().toString());
        mode(lib, 0644);
        mode(sub, 0775);
        assertEquals(List.of(), loaded());
        assertTrue(errors().getLast().startsWith("refusing plugin " + sub + ": " + sub + " is writable by its group"), errors().toString());
    }

    @Test
    void aSymbolicLinkIsJudgedAndLoadedByItsTarget() throws Exception {
        Path safe = copy(good, dir(tmp.resolve("safe"), 0755).resolve("good.jar"), 0644);
        Path open = copy(other, dir(tmp.resolve("open"), 0777).resolve("other.jar"), 0644);
        Files.createSymbolicLink(plugins.resolve("good.jar"), safe);
        Files.createSymbolicLink(plugins.resolve("other.jar"), open);
        assertEquals(List.of(plugins.resolve("good.jar")), loaded());
        assertEquals(List.of("refusing plugin " + plugins.resolve("other.jar") + ": " + open.getParent()
                + " is writable by others (rwxrwxrwx) (" + plugins.resolve("other.jar") + " resolves to " + open + "); "
                + PluginTrust.RULE), errors());
        BackendRegistry registry = new BackendRegistry(Stream::empty).withPlugins(PluginLayers.load(plugins, ROOT_ONLY));
        assertEquals(safe.toUri().toString(), registry.discover().getFirst().location(), "loaded from the checked target");
    }

    @Test
    void everyDirectoryAboveMustBeTrustedExceptThatASharedStickyOneIsFine() throws Exception {
        Path sticky = dir(tmp.resolve("sticky"), 01777);
        plugins = dir(sticky.resolve("plugins"), 0755);
        copy(good, plugins.resolve("good.jar"), 0644);
        assertEquals(List.of(plugins.resolve("good.jar")), loaded(), "like /tmp: others cannot rename our entries");

        Path open = dir(tmp.resolve("open"), 0777);
        plugins = dir(open.resolve("plugins"), 0755);
        copy(good, plugins.resolve("good.jar"), 0644);
        assertEquals(List.of(), loaded());
        assertTrue(errors().getLast().startsWith("refusing every plugin in " + plugins + ": " + open
                + " is writable by others (rwxrwxrwx)"), errors().toString());

        Path theirs = dir(tmp.resolve("theirs"), 0755);
        Files.setAttribute(theirs, "unix:uid", OTHER_UID);
        plugins = dir(theirs.resolve("plugins"), 0755);
        copy(good, plugins.resolve("good.jar"), 0644);
        assertEquals(List.of(), loaded());
        assertTrue(errors().getLast().startsWith("refusing every plugin in " + plugins + ": " + theirs + " is owned by "),
                errors().toString());
    }
}
