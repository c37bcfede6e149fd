package masq.e2e.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import masq.testlab.ImageAgent;
import masq.testlab.KernelTests;
import masq.testlab.PluginJars;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jlinked image with the example Windows plugin dropped into a plugin directory, as an operator would
 * deploy it: selected with --backend, configured with --backend-option, driven by the config directory.
 */
class PluginImageIT {
    static final Path PLUGIN_JAR = Path.of(System.getProperty("plugin.jar"));
    static final Path MASQ_API_JAR = Path.of(System.getProperty("masq.api.jar"));
    static final Path SEED = Path.of(System.getProperty("seed.conf"));

    @TempDir
    Path work;
    Path plugins;
    Path config;
    Path cni;

    @BeforeEach
    void layout() throws Exception {
        ImageAgent.requireImage();
        plugins = PluginJars.directory(work.resolve("plugins"));
        config = Files.createDirectories(work.resolve("config"));
        cni = work.resolve("cni/10-cbr0.conf");
        Files.createDirectories(cni.getParent());
        Files.copy(PLUGIN_JAR, plugins.resolve("plugin-windows-outboundnat.jar"));
        Files.copy(SEED, cni);
    }

    private List<String> windowsArgs() {
        return List.of("--backend=windows-outboundnat", "--backend-option", "cni-config=" + cni,
                "--config-dir", config.toString(), "--plugin-dir", plugins.toString(), "--once");
    }

    private void config(String yaml) throws Exception {
        Files.writeString(config.resolve("ip-masq-agent"), yaml);
    }

    /** The seed file (win-bridge sample-v1 from the Windows section of the docs) with another ExceptionList. */
    private static String seedWith(String... exceptions) {
        List<String> lines = new ArrayList<>();
        for (String e : exceptions) {
            lines.add("          \"" + e + "\"");
        }
        return """
                {
                  "name": "cbr0",
                  "type": "win-bridge",
                  "dns": {
                    "nameservers": [
                      "11.0.0.10"
                    ],
                    "search": [
                      "svc.cluster.local"
                    ]
                  },
                  "policies": [
                    {
                      "name": "EndpointPolicy",
                      "value": {
                        "Type": "OutBoundNAT",
                        "ExceptionList": [
                """ + String.join(",\n", lines) + "\n" + """
                        ]
                      }
                    },
                    {
                      "name": "EndpointPolicy",
                      "value": {
                        "Type": "ROUTE",
                        "DestinationPrefix": "11.0.0.0/8",
                        "NeedEncap": true
                      }
                    },
                    {
                      "name": "EndpointPolicy",
                      "value": {
                        "Type": "ROUTE",
                        "DestinationPrefix": "10.137.198.27/32",
                        "NeedEncap": true
                      }
                    }
                  ],
                  "loopbackDSR": true
                }
                """;
    }

    @Test
    void theWindowsPluginKeepsTheExceptionListInStepWithTheConfig() throws Exception {
        assertEquals(seedWith("192.168.0.0/16", "11.0.0.0/8", "10.137.196.0/23"), Files.readString(cni), "seed as given");

        config("nonMasqueradeCIDRs:\n  - 10.0.0.0/8\nmasqLinkLocal: false\n");
        ImageAgent.Run first = ImageAgent.launch(work).run(windowsArgs());
        assertEquals(0, first.exit(), first.toString());
        assertEquals(seedWith("169.254.0.0/16", "10.0.0.0/8"), Files.readString(cni));
        assertTrue(first.all().contains("loaded plugin " + plugins.resolve("plugin-windows-outboundnat.jar")), first.toString());

        config("nonMasqueradeCIDRs:\n  - 10.0.0.0/8\n  - 192.168.0.0/16\nmasqueradeCIDRs:\n  - 10.5.0.0/16\n"
                + "masqLinkLocal: true\n");
        ImageAgent.Run second = ImageAgent.launch(work).run(windowsArgs());
        assertEquals(0, second.exit(), second.toString());
        assertEquals(seedWith("10.0.0.0/14", "10.4.0.0/16", "10.6.0.0/15", "10.8.0.0/13", "10.16.0.0/12",
                "10.32.0.0/11", "10.64.0.0/10", "10.128.0.0/9", "192.168.0.0/16"), Files.readString(cni));

        Object inode = Files.getAttribute(cni, "unix:ino");
        ImageAgent.Run third = ImageAgent.launch(work).run(windowsArgs());
        assertEquals(0, third.exit(), third.toString());
        assertEquals(inode, Files.getAttribute(cni, "unix:ino"), "an unchanged policy does not rewrite the file");
        try (var names = Files.list(cni.getParent())) {
            assertEquals(List.of(cni), names.toList(), "no temporary file left beside the config");
        }
    }

    @Test
    void pluginsLoadFromAReadOnlyImageAndPluginDirectory() throws Exception {
        assumeTrue(KernelTests.onPath("unshare") && KernelTests.onPath("mount"), "needs unshare and mount");
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for a private mount namespace");
        config("nonMasqueradeCIDRs:\n  - 10.0.0.0/8\n");
        // A private mount namespace: the bind mounts below vanish with the process, the host sees nothing.
        String script = "set -e; for d in \"$1\" \"$2\"; do mount --bind \"$d\" \"$d\"; mount -o remount,bind,ro \"$d\"; done;"
                + " if touch \"$1/probe\" 2>/dev/null || touch \"$2/probe\" 2>/dev/null; then echo not-read-only >&2; exit 9; fi;"
                + " shift 2; exec \"$@\"";
        ImageAgent.Run run = ImageAgent.launch(work).wrappedIn(List.of("unshare", "--mount", "--propagation", "private",
                "sh", "-c", script, "sh", ImageAgent.IMAGE.toString(), plugins.toString())).run(windowsArgs());
        assumeTrue(run.exit() != 32 && !run.stderr().contains("unshare: "), "no mount namespace here: " + run);
        assertEquals(0, run.exit(), run.toString());
        assertEquals(seedWith("169.254.0.0/16", "10.0.0.0/8"), Files.readString(cni));
    }

    @Test
    void helpListsThePluginBackend() throws Exception {
        ImageAgent.Run run = ImageAgent.launch(work).run(List.of("--plugin-dir", plugins.toString(), "--help"));
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.stdout().contains("windows-outboundnat - Windows: the OutBoundNAT ExceptionList of a win-bridge"
                + " CNI config (--backend-option cni-config=FILE)"), run.toString());
    }

    @Test
    void brokenPluginsAreLoggedAndSkipped() throws Exception {
        PluginJars.single(plugins.resolve("corrupt.jar"), "module-info.class", "garbage".getBytes(StandardCharsets.US_ASCII));
        PluginJars.compile(plugins.resolve("throwing.jar"), List.of(MASQ_API_JAR),
                PluginJars.providerSources("test.throwing", "test-throwing", true));
        config("nonMasqueradeCIDRs:\n  - 10.0.0.0/8\n");
        ImageAgent.Run run = ImageAgent.launch(work).run(windowsArgs());
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.all().contains("skipping plugin " + plugins.resolve("corrupt.jar") + ": Error reading module"), run.toString());
        assertFalse(run.all().contains("broken on purpose"), "a plugin not asked for is never instantiated:\n" + run);
        assertEquals(seedWith("169.254.0.0/16", "10.0.0.0/8"), Files.readString(cni));

        ImageAgent.Run asked = ImageAgent.launch(work).run(List.of("--backend=test-throwing", "--plugin-dir", plugins.toString(), "--once",
                "--config-dir", config.toString()));
        assertEquals(1, asked.exit(), asked.toString());
        assertTrue(asked.stderr().contains("error: backend test-throwing: provider test.throwing.Provider from module"
                + " test.throwing@"), asked.toString());
        assertTrue(asked.stderr().contains("could not be created: java.lang.IllegalStateException: broken on purpose"),
                asked.toString());
    }

    @Test
    void aPluginClaimingABuiltInIdStopsTheAgent() throws Exception {
        PluginJars.compile(plugins.resolve("fake-iptables.jar"), List.of(MASQ_API_JAR),
                PluginJars.providerSources("test.fakeiptables", "iptables", false));
        config("nonMasqueradeCIDRs:\n  - 10.0.0.0/8\n");
        ImageAgent.Run run = ImageAgent.launch(work).run(windowsArgs());
        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.stderr().contains("error: backend id \"iptables\" is reserved for the built-in backends, but module"
                + " test.fakeiptables (" + plugins.resolve("fake-iptables.jar").toUri() + ") claims it"), run.toString());
        assertEquals(seedWith("192.168.0.0/16", "11.0.0.0/8", "10.137.196.0/23"), Files.readString(cni), "nothing written");
    }

    @Test
    void twoPluginsWithOneIdStopTheAgent() throws Exception {
        PluginJars.compile(plugins.resolve("copycat.jar"), List.of(MASQ_API_JAR),
                PluginJars.providerSources("test.copycat", "windows-outboundnat", false));
        config("nonMasqueradeCIDRs:\n  - 10.0.0.0/8\n");
        ImageAgent.Run run = ImageAgent.launch(work).run(windowsArgs());
        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.stderr().contains("error: duplicate backend id \"windows-outboundnat\": provided by module"), run.toString());
        assertTrue(run.stderr().contains("module test.copycat@"), run.toString());
        assertTrue(run.stderr().contains("module example.windows.outboundnat@"), run.toString());
        assertEquals(seedWith("192.168.0.0/16", "11.0.0.0/8", "10.137.196.0/23"), Files.readString(cni), "nothing written");
    }
}
