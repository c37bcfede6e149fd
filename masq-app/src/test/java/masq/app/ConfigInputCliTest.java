package masq.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import masq.app.logging.CapturedLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile or mistaken input through the whole CLI: prefixes, unmatched directories, control characters. */
class ConfigInputCliTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"../ip-masq", "/etc/config/ip-masq", "ip-masq/", "*", "ip-masq-*", "ip-masq?", "[a]", ".ip-masq", ".."})
    void aPathOrPatternAsPrefixIsAUsageErrorNamingTheFlagAndValue(String prefix) {
        for (String command : new String[] {"check", "run"}) {
            TestCli cli = TestCli.run(command, "--config-dir=" + dir, "--config-file-prefix=" + prefix);
            assertEquals(2, cli.exitCode, command + " " + prefix + ": " + cli.err());
            assertTrue(cli.err().startsWith("Invalid --config-file-prefix flag \"" + prefix + "\": want "), cli.err());
        }
    }

    @Test
    void checkWarnsWhenNoFileInTheDirectoryMatchesThePrefix() throws IOException {
        Files.writeString(dir.resolve("ip-masq-agent"), "nonMasqueradeCIDRs: [10.0.0.0/8]\n");
        TestCli cli = TestCli.run("check", "--config-dir=" + dir, "--config-file-prefix=ipmasq");
        assertEquals(0, cli.exitCode, cli.err());
        assertEquals("warning: no file in " + dir + " starts with --config-file-prefix=\"ipmasq\": the defaults apply\n",
                cli.err());
        TestCli json = TestCli.run("check", "--config-dir=" + dir, "--config-file-prefix=ipmasq", "--output=json");
        assertTrue(json.out().startsWith("{\"valid\":true,"), "stdout stays one JSON document: " + json.out());
        assertTrue(json.err().startsWith("warning: no file in "), json.err());

        assertEquals("", TestCli.run("check", "--config-dir=" + dir).err(), "a file matched: no warning");
    }

    @Test
    void checkFailsOnAMissingDirectoryWhereRunStartsOnTheDefaults() throws IOException {
        Path missing = dir.resolve("missing");
        TestCli check = TestCli.run("check", "--config-dir=" + missing);
        assertEquals(1, check.exitCode);
        assertEquals("", check.out());
        assertEquals("error: config directory \"" + missing + "\" does not exist (--config-dir; run would start on the"
                + " defaults)\n", check.err());
        Path file = Files.writeString(dir.resolve("file"), "");
        assertEquals("error: config directory \"" + file + "\" is not a directory (--config-dir; run would start on the"
                + " defaults)\n", TestCli.run("check", "--config-dir=" + file).err());

        try (CapturedLogs logs = new CapturedLogs("masq.app.agent.RunCommand")) {
            TestCli run = TestCli.run("run", "--once", "--backend=dryrun", "--config-dir=" + missing);
            assertEquals(0, run.exitCode, "run keeps the Go original's behaviour: the defaults apply");
            assertEquals(1, logs.count(Level.WARN, "config directory \"" + missing + "\" does not exist: the defaults"
                    + " apply until it appears"));
        }
    }

    @Test
    void checkListsABoundedReportAndCountsTheRest() throws IOException {
        StringBuilder yaml = new StringBuilder("cidrLimit: 1000\nnonMasqueradeCIDRs:\n");
        for (int i = 0; i < 300; i++) {
            yaml.append("- bad").append(i).append('\n');
        }
        Files.writeString(dir.resolve("ip-masq-agent"), yaml);
        TestCli text = TestCli.run("check", "--config-dir=" + dir);
        assertEquals(1, text.exitCode);
        List<String> lines = text.out().lines().toList();
        assertEquals(102, lines.size(), text.out());
        assertEquals("... and 200 more problems not listed (200 errors, 0 warnings): at most 100 errors and 100 warnings"
                + " per file, 500 of each in all", lines.get(100));
        assertEquals(dir + ": invalid (300 errors, 0 warnings)", lines.get(101));

        TestCli json = TestCli.run("check", "--config-dir=" + dir, "--output=json");
        assertEquals(1, json.exitCode);
        assertTrue(json.out().endsWith("],\"omitted\":{\"errors\":200,\"warnings\":0}}\n"), json.out());
    }

    @Test
    void checkOfTwentyThousandAliasesToALongStringPrintsTwoShortLines() throws IOException {
        // 5 000 such aliases crashed plain check; 20 000 made 63 MB of log in run.
        Files.writeString(dir.resolve("ip-masq-agent"), "masqueradeCIDRs: [&s " + "y".repeat(1000) + ", "
                + String.join(", ", java.util.Collections.nCopies(19_999, "*s")) + "]\ncidrLimit: 100000\n");
        TestCli cli = TestCli.run("check", "--config-dir=" + dir);
        assertEquals(1, cli.exitCode, cli.err());
        assertEquals(2, cli.out().lines().count(), cli.out());
        assertTrue(cli.out().length() < 1_000, "output size " + cli.out().length());
        assertTrue(cli.out().contains("; repeated at 19999 more items of this list\n"), cli.out());
    }

    @Test
    void checkOutputCarriesNoRawControlCharacterFromAValue() throws IOException {
        Files.writeString(dir.resolve("ip-masq-agent"), "nonMasqueradeCIDRs: [\"10.0.0.0/8\\0\\e[2J\\nerror: forged\"]\n");
        TestCli cli = TestCli.run("check", "--config-dir=" + dir);
        assertEquals(1, cli.exitCode);
        assertTrue(cli.out().contains("nonMasqueradeCIDRs[0]: \"10.0.0.0/8\\x00\\x1b[2J\\nerror: forged\""), cli.out());
        assertTrue(cli.out().chars().noneMatch(c -> c < 0x20 && c != '\n'), cli.out());
        assertEquals(2, cli.out().lines().count(), "one problem line and the verdict: " + cli.out());
    }
}
