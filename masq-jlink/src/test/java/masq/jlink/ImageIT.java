package masq.jlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs the linked image's launcher as a user would, after `package` built it. */
class ImageIT {
    private static final Path IMAGE = Path.of(System.getProperty("image.dir", "target/image"));
    private static final Path EXAMPLES = Path.of(System.getProperty("examples.dir", "../examples")).normalize();
    private static final String GOOD = EXAMPLES.resolve("config").toString();
    private static final String BAD = Path.of("src/test/resources/bad-config").toAbsolutePath().toString();

    record Run(int exitCode, String out, String err) {
    }

    private static Run launch(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>();
        argv.add(IMAGE.resolve("bin/ip-masq-agent").toString());
        argv.addAll(List.of(args));
        Path out = Files.createTempFile("image-it", ".out");
        Path err = Files.createTempFile("image-it", ".err");
        try {
            Process p = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("launcher did not finish: " + argv);
            }
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String golden(String name) throws IOException {
        try (var in = ImageIT.class.getResourceAsStream("/golden/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void imageHoldsEveryModuleAndNoAutomaticOnes() throws Exception {
        Process p = new ProcessBuilder(IMAGE.resolve("bin/java").toString(), "--list-modules").redirectErrorStream(true).start();
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
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().matches("ip-masq-agent \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void renderTheExampleWithTheDryRunBackend() throws Exception {
        Run r = launch("render", "--backend=dryrun", "--config-dir", GOOD);
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(golden("render-examples.txt"), r.out());
    }

    @Test
    void checkTheExampleIsValid() throws Exception {
        Run r = launch("check", "--config-dir", GOOD);
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(GOOD + ": valid (ip-masq-agent, ip-masq-agent-reconciled; 0 errors, 0 warnings)\n", r.out());
    }

    @Test
    void checkABadDirectoryFailsNamingEveryProblem() throws Exception {
        Run r = launch("check", "--config-dir", BAD);
        assertEquals(1, r.exitCode(), r.err());
        assertEquals(golden("check-bad.txt"), r.out().replace(BAD, "CONFIG_DIR"));
        Run json = launch("check", "--config-dir", BAD, "--output=json");
        assertEquals(1, json.exitCode());
        assertTrue(json.out().startsWith("{\"valid\":false,\"problems\":[{\"severity\":\"ERROR\",\"kind\":\"INVALID_CIDR\""), json.out());
    }

    @Test
    void explainTwoDestinations() throws Exception {
        Run r = launch("explain", "--config-dir", GOOD, "10.1.2.3", "8.8.8.8");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(golden("explain-examples.txt"), r.out());
    }

    @Test
    void runOnceInDryRun() throws Exception {
        Run r = launch("run", "--once", "--backend=dryrun", "--config-dir", GOOD);
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().contains(" INFO  RunCommand: FLAG: --masq-chain=\"IP-MASQ-AGENT\"\n"), r.err());
        assertTrue(r.err().contains(" INFO  SyncLoop: rules synced: dry-run IPv4: 7 rules (+7 -0)\n"), r.err());
        assertFalse(r.err().contains("WARNING"), r.err());
    }

    @Test
    void jsonLogsAreOneObjectPerLine() throws Exception {
        Run r = launch("--once", "--backend=dryrun", "--log-format=json", "--config-dir", GOOD);
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.err().lines().toList();
        assertTrue(lines.size() > 10, r.err());
        for (String line : lines) {
            assertTrue(line.matches("\\{\"time\":\"[^\"]+\",\"level\":\"[A-Z]+\",\"logger\":\"[^\"]+\",\"msg\":\".*\"}"), line);
        }
    }

    @Test
    void sigtermStopsTheLoopAndLeavesRulesInPlace(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        // A copy of the example with a 1 s interval (the file's resyncInterval wins over the flag).
        Path config = Files.createDirectory(tmp.resolve("config"));
        try (var files = Files.list(Path.of(GOOD))) {
            for (Path f : files.toList()) {
                Files.writeString(config.resolve(f.getFileName()),
                        Files.readString(f).replaceAll("(?m)^resyncInterval:.*$", "resyncInterval: 1s"));
            }
        }
        Path err = tmp.resolve("agent.err");
        Process p = new ProcessBuilder(IMAGE.resolve("bin/ip-masq-agent").toString(), "--backend=dryrun", "--v=4",
                "--config-dir", config.toString(), "--lock-file", tmp.resolve("agent.lock").toString(),
                "--health-bind-address=", "--metrics-bind-address=").redirectError(err.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (Files.readString(err).split("rules in sync", -1).length < 3) {
                assertTrue(System.nanoTime() < deadline, "no two steady-state syncs within 60 s:\n" + Files.readString(err));
                assertTrue(p.isAlive(), Files.readString(err));
                TimeUnit.MILLISECONDS.sleep(50);
            }
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            String log = Files.readString(err);
            assertTrue(log.contains("shutting down: finishing the current sync; rules stay in place"), log);
            assertTrue(log.contains("sync loop stopped; rules stay in place"), log);
            assertEquals(1, log.split("rules synced:", -1).length - 1, "only the first sync changed anything:\n" + log);
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void unknownFlagExitsTwo() throws Exception {
        Run r = launch("--no-such-flag");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().startsWith("flag provided but not defined: -no-such-flag\n"), r.err());
    }
}
