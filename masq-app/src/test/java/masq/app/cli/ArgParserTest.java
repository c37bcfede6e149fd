package masq.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import masq.api.PortRange;
import masq.app.logging.CapturedLogs;
import masq.config.ConflictPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ArgParserTest {

    private static AgentOptions options(String... args) throws UsageException {
        return AgentOptions.from(ArgParser.parse(List.of(args)));
    }

    private static String error(String... args) {
        return assertThrows(UsageException.class, () -> options(args)).getMessage();
    }

    @Test
    void defaultsAreTheOriginals() throws UsageException {
        AgentOptions o = options();
        assertEquals("IP-MASQ-AGENT", o.masqChain());
        assertFalse(o.noMasqAllReserved());
        assertFalse(o.enableIpv6());
        assertTrue(o.randomFully());
        assertEquals(List.of(), o.toPorts());
        assertEquals(Duration.ofSeconds(60), o.resyncInterval());
        assertEquals(Path.of("/etc/config"), o.configDir());
        assertEquals("ip-masq", o.configFilePrefix());
        assertEquals("iptables", o.backend());
        assertEquals(ConflictPolicy.WARN, o.conflictPolicy());
        assertEquals(0, o.verbosity());
        assertFalse(o.once());
        assertFalse(o.jsonLogs());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--masq-chain=IP-MASQ", "-masq-chain=IP-MASQ", "--masq-chain IP-MASQ", "-masq-chain IP-MASQ"})
    void everyGoSpellingOfAValueFlag(String spelling) throws UsageException {
        assertEquals("IP-MASQ", options(spelling.split(" ")).masqChain());
    }

    @ParameterizedTest
    @CsvSource({"--enable-ipv6,true", "-enable-ipv6,true", "--enable-ipv6=1,true", "--enable-ipv6=t,true",
            "--enable-ipv6=T,true", "--enable-ipv6=TRUE,true", "--enable-ipv6=True,true", "--enable-ipv6=0,false",
            "--enable-ipv6=f,false", "--enable-ipv6=F,false", "--enable-ipv6=FALSE,false", "--enable-ipv6=False,false",
            "-enable-ipv6=false,false"})
    void booleansTakeGoParseBoolValues(String arg, boolean expected) throws UsageException {
        assertEquals(expected, options(arg).enableIpv6());
    }

    @Test
    void aBooleanDoesNotConsumeTheNextWord() throws UsageException {
        // Go would set true and silently ignore "false"; we refuse the stray word instead.
        assertTrue(assertThrows(UsageException.class, () -> ArgParser.parse(List.of("--random-fully", "false")))
                .getMessage().startsWith("unknown command \"false\""));
        assertThrows(UsageException.class, () -> ArgParser.parse(List.of("--enable-ipv6", "check", "x")).command());
        ParsedArgs check = ArgParser.parse(List.of("--enable-ipv6", "check"));
        assertEquals(Command.CHECK, check.command());
        assertTrue(AgentOptions.from(check).enableIpv6());
    }

    @Test
    void randomFullyCanBeTurnedOff() throws UsageException {
        assertFalse(options("--random-fully=false").randomFully());
    }

    @Test
    void allTypedFlags() throws UsageException {
        AgentOptions o = options("--nomasq-all-reserved-ranges", "--to-ports", "1024-29999,32768-65535",
                "--resync-interval=1m30s", "--config-dir", "/tmp/c", "--config-file-prefix=x", "--backend", "nftables",
                "--backend-option", "mode=nft", "--backend-option=wait=5", "--conflict-policy=reject", "--once",
                "--v=4", "--log-format=json");
        assertTrue(o.noMasqAllReserved());
        assertEquals(List.of(new PortRange(1024, 29999), new PortRange(32768, 65535)), o.toPorts());
        assertEquals(Duration.ofSeconds(90), o.resyncInterval());
        assertEquals(Path.of("/tmp/c"), o.configDir());
        assertEquals("x", o.configFilePrefix());
        assertEquals("nftables", o.backend());
        assertEquals(Map.of("mode", "nft", "wait", "5"), o.backendOptions());
        assertEquals(ConflictPolicy.REJECT, o.conflictPolicy());
        assertTrue(o.once());
        assertEquals(4, o.verbosity());
        assertTrue(o.jsonLogs());
    }

    @ParameterizedTest
    @CsvSource({"60,60", "5,5", "30s,30", "1m,60", "1m30s,90", "1h,3600", "1.5m,90"})
    void resyncIntervalTakesSecondsOrGoDurations(String text, long seconds) throws UsageException {
        assertEquals(Duration.ofSeconds(seconds), options("--resync-interval=" + text).resyncInterval());
    }

    @Test
    void resyncIntervalParsesExactlyAsAConfigFileDoes() {
        // One implementation (masq.api.GoDuration): the flag used to wrap an overflow around to a positive
        // interval (3000000h became about 2416h) and to take "+-5s" as -5s, which a file rejects.
        assertTrue(error("--resync-interval=3000000h").startsWith("Invalid --resync-interval flag \"3000000h\""));
        assertTrue(error("--resync-interval=+-5s").startsWith("Invalid --resync-interval flag \"+-5s\""));
        assertTrue(error("--resync-interval=" + "1".repeat(300) + "s").startsWith("Invalid --resync-interval flag"));
    }

    @Test
    void resyncIntervalBelowTheFloorIsRaisedToItWithAWarning() throws UsageException {
        try (CapturedLogs logs = new CapturedLogs(AgentOptions.class.getName())) {
            assertEquals(Duration.ofSeconds(1), options("--resync-interval=1ns").resyncInterval());
            assertEquals(Duration.ofSeconds(1), options("--resync-interval=999ms").resyncInterval());
            assertEquals(Duration.ofSeconds(1), options("--resync-interval=1s").resyncInterval());
            assertEquals(List.of("--resync-interval=\"1ns\" is below the minimum of 1s: using 1s",
                    "--resync-interval=\"999ms\" is below the minimum of 1s: using 1s"),
                    logs.list.stream().map(e -> e.getFormattedMessage()).toList());
        }
    }

    @Test
    void klogFlagsAreAcceptedAndIgnored() throws UsageException {
        ParsedArgs p = ArgParser.parse(List.of("--logtostderr", "--alsologtostderr=false", "--log_dir", "/var/log",
                "-log_file=/x", "--stderrthreshold", "2", "--vmodule=a=1", "--skip_headers", "--v", "2"));
        assertEquals(Command.RUN, p.command());
        assertEquals(List.of(), p.positionals());
        assertEquals(7, p.ignored().size());
        assertEquals(2, AgentOptions.from(p).verbosity());
    }

    @Test
    void flagsMayFollowTheCommandAndItsArguments() throws UsageException {
        ParsedArgs p = ArgParser.parse(List.of("explain", "10.0.0.1", "--output=json", "8.8.8.8"));
        assertEquals(Command.EXPLAIN, p.command());
        assertEquals(List.of("10.0.0.1", "8.8.8.8"), p.positionals());
        assertEquals(List.of("-1"), ArgParser.parse(List.of("explain", "--", "-1")).positionals());
    }

    @Test
    void helpFlags() throws UsageException {
        assertTrue(ArgParser.parse(List.of("-h")).help());
        assertTrue(ArgParser.parse(List.of("--help")).help());
        assertTrue(ArgParser.parse(List.of("check", "-help")).help());
    }

    @Test
    void versionFlagIsTheVersionCommandAndHelpAloneIsTheOverview() throws UsageException {
        assertEquals(Command.VERSION, ArgParser.parse(List.of("--version")).command());
        assertEquals(Command.VERSION, ArgParser.parse(List.of("check", "-version", "--config-dir=/x")).command());
        assertEquals(Command.RUN, ArgParser.parse(List.of("--version=false")).command());
        assertEquals(Command.HELP, ArgParser.parse(List.of("--help")).command());
        assertEquals(Command.CHECK, ArgParser.parse(List.of("check", "--help")).command());
    }

    @Test
    void errorsUseGosWording() {
        assertEquals("flag provided but not defined: -x", error("-x"));
        assertEquals("flag needs an argument: -masq-chain", error("--masq-chain"));
        assertEquals("invalid boolean value \"yes\" for -enable-ipv6: parse error", error("--enable-ipv6=yes"));
        assertEquals("invalid value \"two\" for flag -v: parse error", error("--v=two"));
        assertEquals("bad flag syntax: ---x", error("---x"));
        assertEquals("bad flag syntax: -=x", error("-=x"));
    }

    @Test
    void flagsOfOtherCommandsAreRejected() {
        assertEquals("flag provided but not defined: -once (not a flag of 'check')", error("check", "--once"));
        assertEquals("flag provided but not defined: -output (not a flag of 'run')", error("--output=json"));
    }

    @Test
    void invalidValuesNameTheFlag() {
        assertEquals("Invalid --to-ports flag \"1024-\": invalid port \"\" in interval \"1024-\"", error("--to-ports=1024-"));
        assertEquals("Invalid --to-ports flag \"1-2-3\": invalid interval \"1-2-3\"", error("--to-ports=1-2-3"));
        assertTrue(error("--resync-interval=0").startsWith("Invalid --resync-interval flag \"0\""));
        assertTrue(error("--resync-interval=5x").startsWith("Invalid --resync-interval flag \"5x\""));
        assertTrue(error("--masq-chain=bad chain").startsWith("Invalid --masq-chain flag \"bad chain\""));
        assertEquals("Invalid --backend-option flag \"novalue\": want key=value", error("--backend-option=novalue"));
        assertEquals("Invalid --backend-option flag \"a=2\": key \"a\" given twice",
                error("--backend-option=a=1", "--backend-option=a=2"));
        assertEquals("Invalid --conflict-policy flag \"maybe\": want warn or reject", error("--conflict-policy=maybe"));
        assertEquals("Invalid --log-format flag \"xml\": want text or json", error("--log-format=xml"));
        assertEquals("Invalid --v flag \"-1\": want 0 to 10", error("--v=-1"));
    }

    @Test
    void verbosityAboveTenIsClamped() throws UsageException {
        assertEquals(10, options("-v=12").verbosity());
    }
}
