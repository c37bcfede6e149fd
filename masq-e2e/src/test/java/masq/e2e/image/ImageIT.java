package masq.e2e.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import masq.testlab.ImageAgent;
import masq.testlab.ImageAgent.Run;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the linked image's launcher as a user would, after `package` built it. */
class ImageIT {
    private static final Path EXAMPLES = Path.of(System.getProperty("examples.dir", "../examples")).normalize();
    private static final String GOOD = EXAMPLES.resolve("config").toString();
    private static final String BAD = Path.of("src/test/resources/bad-config").toAbsolutePath().toString();

    @TempDir
    Path tmp;

    @BeforeEach
    void image() {
        ImageAgent.requireImage();
    }

    private Run launch(String... args) throws IOException, InterruptedException {
        return ImageAgent.launch(tmp).run(args);
    }

    private static String golden(String name) throws IOException {
        try (var in = ImageIT.class.getResourceAsStream("/golden/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void imageHoldsEveryModuleAndNoAutomaticOnes() throws Exception {
        Process p = new ProcessBuilder(ImageAgent.IMAGE.resolve("bin/java").toString(), "--list-modules").redirectErrorStream(true).start();
        String modules = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        for (String m : List.of("masq.app@", "masq.api@", "masq.config@", "masq.backend.dryrun@", "masq.backend.iptables@",
                "masq.backend.nftables@", "ch.qos.logback.classic@", "org.slf4j@", "org.yaml.snakeyaml@")) {
            assertTrue(modules.contains(m), m + " missing from:\n" + modules);
        }
    }

    @Test
    void version() throws Exception {
        Run r = launch("version");
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.stdout().matches("ip-masq-agent \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n"), r.stdout());
        assertEquals("", r.stderr());
    }

    @Test
    void renderTheExampleWithTheDryRunBackend() throws Exception {
        Run r = launch("render", "--backend=dryrun", "--config-dir", GOOD);
        assertEquals(0, r.exit(), r.stderr());
        assertEquals(golden("render-examples.txt"), r.stdout());
    }

    @Test
    void checkTheExampleIsValid() throws Exception {
        Run r = launch("check", "--config-dir", GOOD);
        assertEquals(0, r.exit(), r.stderr());
        assertEquals(GOOD + ": valid (ip-masq-agent, ip-masq-agent-reconciled; 0 errors, 0 warnings)\n", r.stdout());
    }

    @Test
    void checkABadDirectoryFailsNamingEveryProblem() throws Exception {
        Run r = launch("check", "--config-dir", BAD);
        assertEquals(1, r.exit(), r.stderr());
        assertEquals(golden("check-bad.txt"), r.stdout().replace(BAD, "CONFIG_DIR"));
        Run json = launch("check", "--config-dir", BAD, "--output=json");
        assertEquals(1, json.exit());
        assertTrue(json.stdout().startsWith("{\"valid\":false,\"problems\":[{\"severity\":\"ERROR\",\"kind\":\"INVALID_CIDR\""), json.stdout());
    }

    @Test
    void explainTwoDestinations() throws Exception {
        // dryrun: as root, explain with a kernel backend also reads the nat rules, and this runs in the test's namespace
        Run r = launch("explain", "--backend=dryrun", "--config-dir", GOOD, "10.1.2.3", "8.8.8.8");
        assertEquals(0, r.exit(), r.stderr());
        assertEquals(golden("explain-examples.txt"), r.stdout());
        assertEquals("", r.stderr(), "no INFO lines without --v");
    }

    @Test
    void runOnceInDryRun() throws Exception {
        Run r = launch("run", "--once", "--backend=dryrun", "--config-dir", GOOD);
        assertEquals(0, r.exit(), r.stderr());
        assertEquals("", r.stdout());
        assertTrue(r.stderr().contains(" INFO  RunCommand: FLAG: --masq-chain=\"IP-MASQ-AGENT\"\n"), r.stderr());
        assertTrue(r.stderr().contains(" INFO  SyncLoop: rules synced: dry-run IPv4: 7 rules (+7 -0)\n"), r.stderr());
        assertFalse(r.stderr().contains("WARNING"), r.stderr());
    }

    @Test
    void jsonLogsAreOneObjectPerLine() throws Exception {
        Run r = launch("--once", "--backend=dryrun", "--log-format=json", "--config-dir", GOOD);
        assertEquals(0, r.exit(), r.stderr());
        List<String> lines = r.stderr().lines().toList();
        assertTrue(lines.size() > 10, r.stderr());
        for (String line : lines) {
            assertTrue(line.matches("\\{\"time\":\"[^\"]+\",\"level\":\"[A-Z]+\",\"logger\":\"[^\"]+\",\"msg\":\".*\"}"), line);
        }
    }

    @Test
    void sigtermStopsTheLoopAndLeavesRulesInPlace() throws Exception {
        // A copy of the example with a 1 s interval (the file's resyncInterval wins over the flag).
        Path config = Files.createDirectory(tmp.resolve("config"));
        try (var files = Files.list(Path.of(GOOD))) {
            for (Path f : files.toList()) {
                Files.writeString(config.resolve(f.getFileName()),
                        Files.readString(f).replaceAll("(?m)^resyncInterval:.*$", "resyncInterval: 1s"));
            }
        }
        try (ImageAgent agent = ImageAgent.launch(tmp).start("--backend=dryrun", "--v=4", "--config-dir", config.toString(),
                "--lock-file", tmp.resolve("agent.lock").toString(), "--health-bind-address=", "--metrics-bind-address=")) {
            // Two steady-state syncs; fails if the agent exits first.
            agent.awaitLog("rules in sync", 2, Duration.ofSeconds(60));
            agent.sigterm(Duration.ofSeconds(30));
            String log = agent.log();
            assertTrue(log.contains("shutting down: finishing the current sync; rules stay in place"), log);
            assertTrue(log.contains("sync loop stopped; rules stay in place"), log);
            assertEquals(1, log.split("rules synced:", -1).length - 1, "only the first sync changed anything:\n" + log);
        }
    }

    @Test
    void unknownFlagExitsTwo() throws Exception {
        Run r = launch("--no-such-flag");
        assertEquals(2, r.exit());
        assertTrue(r.stderr().startsWith("flag provided but not defined: -no-such-flag\n"), r.stderr());
    }
}
