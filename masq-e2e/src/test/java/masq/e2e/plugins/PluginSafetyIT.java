package masq.e2e.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import masq.testlab.ImageAgent;
import masq.testlab.PluginJars;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jlinked image (a JVM of its own, so a plugin may call System.exit) with hostile plugins: ones that exit
 * or hang in their constructor, and plugin files another user could have written.
 */
class PluginSafetyIT {
    @TempDir
    Path work;
    Path plugins;
    Path config;

    @BeforeEach
    void layout() throws Exception {
        ImageAgent.requireImage();
        plugins = PluginJars.directory(work.resolve("plugins"));
        config = Files.createDirectories(work.resolve("config"));
        Files.writeString(config.resolve("ip-masq-agent"), "nonMasqueradeCIDRs:\n  - 10.0.0.0/8\n");
    }

    private List<String> args(String backend) {
        return List.of("--backend=" + backend, "--once", "--plugin-dir", plugins.toString(), "--config-dir", config.toString());
    }

    /**
     * Plugins whose constructor exits the JVM or sleeps forever (ignoring interrupts): present, they change
     * nothing for an agent that did not ask for them; asked for, the sleeper is given up after the 10 s
     * bound (exit 1), while an exit in a constructor cannot be prevented once that plugin is asked for.
     */
    @Test
    void pluginsThatExitOrHangHurtOnlyWhenAskedFor() throws Exception {
        PluginJars.compile(plugins.resolve("exit.jar"), List.of(PluginImageIT.MASQ_API_JAR),
                PluginJars.providerSources("test.exit", "test-exit", "System.exit(7);"));
        PluginJars.compile(plugins.resolve("sleeper.jar"), List.of(PluginImageIT.MASQ_API_JAR), PluginJars.providerSources(
                "test.sleeper", "test-sleeper", "while (true) { try { Thread.sleep(60_000); } catch (InterruptedException e) { } }"));

        ImageAgent.Run dryrun = ImageAgent.launch(work).run(args("dryrun"));
        assertEquals(0, dryrun.exit(), dryrun.toString());
        assertTrue(dryrun.stderr().contains("one sync done: SYNCED"), dryrun.toString());
        ImageAgent.Run help = ImageAgent.launch(work).run(List.of("--plugin-dir", plugins.toString(), "--help"));
        assertEquals(0, help.exit(), help.toString());
        assertTrue(help.stdout().contains("  test-exit - test plugin test.exit\n"), help.toString());
        assertTrue(help.stdout().contains("  test-sleeper - test plugin test.sleeper\n"), help.toString());

        ImageAgent.Run sleeper = ImageAgent.launch(work).run(args("test-sleeper"));
        assertEquals(1, sleeper.exit(), sleeper.toString());
        assertTrue(sleeper.stderr().contains("error: the constructor of backend test-sleeper (module test.sleeper@"), sleeper.toString());
        assertTrue(sleeper.stderr().contains(") did not return within 10s; giving up (its thread ignores interrupts and ends"
                + " with the agent)"), sleeper.toString());

        ImageAgent.Run exit = ImageAgent.launch(work).run(args("test-exit"));
        assertEquals(7, exit.exit(), "documented: a plugin that is asked for runs, System.exit included\n" + exit);
    }

    @Test
    void pluginsOthersCouldHaveWrittenAreRefused() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "changing a file's owner needs root");
        Path jar = plugins.resolve("plugin-windows-outboundnat.jar");
        Files.copy(PluginImageIT.PLUGIN_JAR, jar);
        Files.setAttribute(plugins, "unix:mode", 0777);
        ImageAgent.Run open = ImageAgent.launch(work).run(args("windows-outboundnat"));
        assertEquals(1, open.exit(), open.toString());
        assertTrue(open.stderr().contains("ERROR PluginLayers: refusing every plugin in " + plugins + ": " + plugins
                + " is writable by others (rwxrwxrwx)"), open.toString());
        assertTrue(open.stderr().contains("error: backend \"windows-outboundnat\" is not available"), open.toString());

        Files.setAttribute(plugins, "unix:mode", 0755);
        Files.setAttribute(jar, "unix:uid", 4242);
        ImageAgent.Run theirs = ImageAgent.launch(work).run(args("windows-outboundnat"));
        assertEquals(1, theirs.exit(), theirs.toString());
        assertTrue(theirs.stderr().contains("ERROR PluginLayers: refusing plugin " + jar + ": " + jar
                + " is owned by 4242 (uid 4242), not by root"), theirs.toString());

        Files.setAttribute(jar, "unix:uid", 0);
        ImageAgent.Run trusted = ImageAgent.launch(work).run(List.of("--plugin-dir", plugins.toString(), "--help"));
        assertTrue(trusted.stdout().contains("  windows-outboundnat - "), "root's again: loaded\n" + trusted);
    }
}
