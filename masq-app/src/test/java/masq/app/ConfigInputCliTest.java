package masq.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        assertEquals("", TestCli.run("check", "--config-dir=" + dir.resolve("missing")).err(),
                "a missing directory is the documented way to get the defaults");
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
