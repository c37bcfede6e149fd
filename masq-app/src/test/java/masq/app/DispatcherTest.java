package masq.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import masq.app.platform.Version;
import org.junit.jupiter.api.Test;

/** Command dispatch, outputs and exit codes, in-process with the real engine and dry-run backend. */
class DispatcherTest {
    private static final String GOOD = TestCli.configDir("good");
    private static final String BAD = TestCli.configDir("bad");
    private static final String IPV6 = TestCli.configDir("ipv6");

    @Test
    void checkGoodConfigPrintsWarningsAndExitsZero() {
        TestCli cli = TestCli.run("check", "--config-dir", GOOD);
        assertEquals(0, cli.exitCode, cli.err());
        assertEquals(TestCli.golden("check-good.txt"), cli.out().replace(GOOD, "CONFIG_DIR"));
    }

    @Test
    void checkGoodConfigAsJson() {
        TestCli cli = TestCli.run("check", "--config-dir=" + GOOD, "--output=json");
        assertEquals(0, cli.exitCode, cli.err());
        assertEquals(TestCli.golden("check-good.json"), cli.out());
    }

    @Test
    void checkBadConfigPrintsEveryProblemAndExitsOne() {
        TestCli cli = TestCli.run("check", "-config-dir", BAD);
        assertEquals(1, cli.exitCode);
        assertEquals(TestCli.golden("check-bad.txt"), cli.out().replace(BAD, "CONFIG_DIR"));
    }

    @Test
    void checkBadConfigAsJson() {
        TestCli cli = TestCli.run("check", "--config-dir", BAD, "-output", "json");
        assertEquals(1, cli.exitCode);
        assertEquals(TestCli.golden("check-bad.json"), cli.out());
    }

    @Test
    void checkHonoursEnableIpv6() {
        assertEquals(1, TestCli.run("check", "--config-dir", IPV6).exitCode);
        assertEquals(0, TestCli.run("check", "--config-dir", IPV6, "--enable-ipv6").exitCode);
    }

    @Test
    void renderPrintsTheDryRunProgramWithTargetHeaders() {
        TestCli cli = TestCli.run("render", "--backend=dryrun", "--config-dir", GOOD);
        assertEquals(0, cli.exitCode, cli.err());
        assertEquals(TestCli.golden("render-good-dryrun.txt"), cli.out());
    }

    @Test
    void renderAppliesFlagsToThePolicy() {
        TestCli cli = TestCli.run("render", "--backend=dryrun", "--config-dir", IPV6, "--enable-ipv6", "--random-fully=false",
                "--to-ports", "1024-29999,32768-65535");
        assertEquals(0, cli.exitCode, cli.err());
        assertEquals(TestCli.golden("render-ipv6-dryrun.txt"), cli.out());
    }

    @Test
    void renderOfInvalidConfigPrintsProblemsToStderrAndExitsOne() {
        TestCli cli = TestCli.run("render", "--backend=dryrun", "--config-dir", BAD);
        assertEquals(1, cli.exitCode);
        assertEquals("", cli.out());
        assertTrue(cli.err().contains("error: ip-masq-agent: masqLinkLocal: \"true\""), cli.err());
    }

    @Test
    void explainNamesRuleAndOrigin() {
        TestCli cli = TestCli.run("explain", "--config-dir", GOOD, "10.1.2.3", "8.8.8.8", "10.9.1.1");
        assertEquals(0, cli.exitCode, cli.err());
        assertEquals(TestCli.golden("explain-good.txt"), cli.out());
    }

    @Test
    void explainAsJson() {
        TestCli cli = TestCli.run("explain", "10.1.2.3", "169.254.169.254", "--config-dir", GOOD, "--output=json");
        assertEquals(0, cli.exitCode, cli.err());
        assertEquals(TestCli.golden("explain-good.json"), cli.out());
    }

    @Test
    void explainRejectsAnInvalidAddressByName() {
        TestCli cli = TestCli.run("explain", "--config-dir", GOOD, "10.1.2.3", "10.0.0.256");
        assertEquals(2, cli.exitCode);
        assertEquals("", cli.out());
        assertEquals("invalid destination \"10.0.0.256\": not an IPv4 or IPv6 address or CIDR\n", cli.err());
    }

    @Test
    void explainWithoutAddressIsAUsageError() {
        assertEquals(2, TestCli.run("explain", "--config-dir", GOOD).exitCode);
    }

    @Test
    void runOnceSyncsAndExitsZero() {
        TestCli cli = TestCli.run("--once", "--config-dir", GOOD, "--backend", "dryrun");
        assertEquals(0, cli.exitCode, cli.err());
        assertEquals("", cli.out());
        assertTrue(cli.shutdownHooks.isEmpty(), "--once needs no shutdown hook");
    }

    @Test
    void runOnceWithInvalidConfigExitsOne() {
        assertEquals(1, TestCli.run("run", "--once", "--backend=dryrun", "--config-dir", BAD).exitCode);
    }

    @Test
    void unknownBackendIsAStartupErrorListingTheAvailableOnes() {
        TestCli cli = TestCli.run("run", "--once", "--config-dir", GOOD, "--backend=nope");
        assertEquals(1, cli.exitCode);
        assertEquals("error: backend \"nope\" is not available; available backends: dryrun\n", cli.err());
    }

    @Test
    void cleanupWithDryRunSucceeds() {
        assertEquals(0, TestCli.run("cleanup", "--backend", "dryrun").exitCode);
    }

    @Test
    void versionPrintsTheProjectVersion() {
        TestCli cli = TestCli.run("version");
        assertEquals(0, cli.exitCode);
        assertTrue(cli.out().matches("ip-masq-agent \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n"), cli.out());
    }

    @Test
    void helpForEachCommandListsOnlyItsFlags() {
        TestCli check = TestCli.run("check", "--help");
        assertEquals(0, check.exitCode);
        assertEquals(TestCli.golden("help-check.txt"), check.out());
        TestCli general = TestCli.run("-h");
        assertEquals(0, general.exitCode);
        assertEquals(TestCli.golden("help.txt").replace("VERSION", Version.current()), general.out());
        assertEquals(general.out(), TestCli.run("help").out());
        assertEquals(general.out(), TestCli.run("--config-dir=/x", "--help").out(), "run's flags before --help change nothing");
        TestCli run = TestCli.run("run", "--help");
        assertTrue(run.out().startsWith("Usage: ip-masq-agent run [flags]\n"), run.out());
        assertTrue(run.out().contains("  -once\n"), run.out());
        assertEquals(run.out(), TestCli.run("help", "run").out());
        assertEquals(0, TestCli.run("help", "explain").exitCode);
        assertTrue(TestCli.run("help", "explain").out().startsWith("Usage: ip-masq-agent explain [flags] ADDRESS|CIDR...\n"));
        assertTrue(!TestCli.run("cleanup", "--help").out().contains("-config-dir"), "cleanup reads no config");
    }

    @Test
    void explainTakesRangesAndSaysWhatIsNotHandled() {
        TestCli cli = TestCli.run("explain", "--config-dir", GOOD, "10.0.0.0/8", "10.1.0.0/16", "fd00::1", "fd00::/64");
        assertEquals(0, cli.exitCode, cli.err());
        assertEquals(TestCli.golden("explain-ranges.txt"), cli.out());
    }

    @Test
    void renderAndExplainLogOnlyWarningsUnlessVerbose() {
        assertEquals(List.of(-1), TestCli.run("explain", "--config-dir", GOOD, "10.1.2.3").verbosities);
        assertEquals(List.of(-1), TestCli.run("render", "--backend=dryrun", "--config-dir", GOOD).verbosities);
        assertEquals(List.of(1), TestCli.run("render", "--backend=dryrun", "--config-dir", GOOD, "--v=1").verbosities);
        assertEquals(List.of(0), TestCli.run("check", "--config-dir", GOOD).verbosities);
    }

    @Test
    void versionFlagPrintsTheVersionLikeTheCommand() {
        TestCli flag = TestCli.run("--version");
        assertEquals(0, flag.exitCode, flag.err());
        assertEquals("ip-masq-agent " + Version.current() + "\n", flag.out());
        assertEquals(flag.out(), TestCli.run("run", "--config-dir=/x", "--version").out());
    }

    @Test
    void unknownFlagExitsTwoNamingIt() {
        TestCli cli = TestCli.run("--config-dir", GOOD, "-x");
        assertEquals(2, cli.exitCode);
        assertTrue(cli.err().startsWith("flag provided but not defined: -x\n"), cli.err());
    }

    @Test
    void invalidToPortsExitsTwoWithTheOriginalsMessage() {
        TestCli cli = TestCli.run("--to-ports=1024-29999,3-2");
        assertEquals(2, cli.exitCode);
        assertTrue(cli.err().startsWith("Invalid --to-ports flag \"1024-29999,3-2\": first is greater than last in \"3-2\"\n"),
                cli.err());
    }

    @Test
    void unknownCommandExitsTwo() {
        TestCli cli = TestCli.run("frobnicate");
        assertEquals(2, cli.exitCode);
        assertTrue(cli.err().startsWith("unknown command \"frobnicate\""), cli.err());
    }
}
