package masq.app;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import masq.api.GoDuration;
import masq.api.GoQuote;
import masq.api.IpFamily;
import masq.api.MasqPolicy;
import masq.api.PortRange;
import masq.api.spi.BackendContext;
import masq.api.spi.BackendException;
import masq.api.spi.ConfigSource;
import masq.api.spi.ConfigSourceContext;
import masq.backend.dryrun.DryRunBackendProvider;
import masq.config.ConfigEngine;
import masq.config.DirectoryConfigSourceProvider;
import masq.config.LoadResult;
import masq.fuzz.Check;
import masq.fuzz.ConfigChecks;
import masq.fuzz.FuzzInput;
import masq.app.cli.AgentOptions;
import masq.app.cli.ArgParser;
import masq.app.cli.FlagSpec;
import masq.app.cli.Flags;
import masq.app.cli.UsageException;
import masq.app.command.ProblemReport;
import masq.app.sync.SyncLoop;
import masq.app.sync.SyncOutcome;

/**
 * The agent's own input paths (one file, so moving masq.app's classes only changes its imports): the flags
 * ({@code --to-ports}, {@code --resync-interval}, {@code --masq-chain}, the bind addresses, whole command
 * lines) and a config directory read through the real directory source, where {@code check}'s verdict and
 * {@code run --once --backend=dryrun}'s must agree.
 */
class AppFuzzTest {
    private static final List<String> FLAGS = Flags.TABLE.stream().map(FlagSpec::name).toList();
    private static final List<String> WORDS = List.of("run", "check", "render", "explain", "cleanup", "version", "help",
            "--", "-h", "true", "false", "", "=", "-");
    private static final Path DIR = tempDir();

    @FuzzTest(maxDuration = "30s")
    void flags(FuzzedDataProvider data) {
        switch (data.consumeInt(0, 3)) {
            case 0 -> toPorts(data.consumeRemainingAsString());
            case 1 -> resyncInterval(data.consumeRemainingAsString());
            case 2 -> bindAddress(data.consumeRemainingAsString());
            default -> commandLine(data);
        }
    }

    /** Parsed ranges are valid, kept in order, and their text parses back to themselves. */
    private static void toPorts(String text) {
        List<PortRange> ranges;
        try {
            ranges = PortRange.parseList(text);
        } catch (IllegalArgumentException e) {
            Check.oneLine(e.getMessage(), "--to-ports error");
            return;
        }
        String joined = String.join(",", ranges.stream().map(PortRange::toString).toList());
        Check.that(PortRange.parseList(joined).equals(ranges), () -> "--to-ports does not read back: " + joined);
        Check.that(text.isEmpty() == ranges.isEmpty(), "--to-ports: empty exactly for the empty string");
    }

    /** At least the floor, and Go's text of it parses back to it; an error names the flag and quotes the value. */
    private static void resyncInterval(String text) {
        Duration d;
        try {
            d = AgentOptions.from(ArgParser.parse(List.of("--resync-interval=" + text))).resyncInterval();
        } catch (UsageException e) {
            usage(e, "--resync-interval", text);
            return;
        }
        Check.that(d.compareTo(Duration.ofSeconds(1)) >= 0, () -> "--resync-interval below the floor: " + d);
        Check.that(GoDuration.parse(GoDuration.format(d)).equals(d), () -> "--resync-interval does not read back: " + d);
    }

    /** A literal address and port; written back as host:port it parses to itself. */
    private static void bindAddress(String text) {
        InetSocketAddress a;
        try {
            var parsed = bind(text);
            if (parsed.isEmpty()) {
                Check.that(text.isEmpty(), "only the empty string disables an endpoint");
                return;
            }
            a = parsed.get();
        } catch (UsageException e) {
            usage(e, "--" + Flags.HEALTH_BIND_ADDRESS, text);
            return;
        }
        Check.that(a.getPort() >= 0 && a.getPort() <= 65535 && !a.isUnresolved(), () -> "bind address " + a);
        String host = a.getAddress().getHostAddress();
        String again = (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
        try {
            Check.that(bind(again).orElseThrow().equals(a), () -> "bind address does not read back: " + again);
        } catch (UsageException e) {
            throw new AssertionError("bind address does not read back: " + again + ": " + e.getMessage(), e);
        }
    }

    /** Any argument list: a usage error (one line, naming what is wrong) or options the backends accept. */
    private static void commandLine(FuzzedDataProvider data) {
        List<String> args = new ArrayList<>();
        int n = data.consumeInt(0, 8);
        for (int i = 0; i < n; i++) {
            String value = data.consumeString(40);
            args.add(switch (data.consumeInt(0, 3)) {
                case 0 -> "--" + data.pickValue(FLAGS) + "=" + value;
                case 1 -> "-" + data.pickValue(FLAGS);
                case 2 -> data.pickValue(WORDS);
                default -> value;
            });
        }
        AgentOptions options;
        try {
            options = AgentOptions.from(ArgParser.parse(args));
        } catch (UsageException e) {
            Check.oneLine(e.getMessage(), "usage error");
            return;
        }
        // The chain and ports the flags accepted make a policy (the backends' input) without complaint.
        new MasqPolicy(Set.of(IpFamily.IPV4), List.of(), List.of(), false, false, options.toPorts(), options.randomFully(),
                options.masqChain());
        Check.that(options.resyncInterval().compareTo(Duration.ofSeconds(1)) >= 0, "interval below the floor");
    }

    /** The flag as the command line reads it (the parser is the one way in). */
    private static java.util.Optional<InetSocketAddress> bind(String text) throws UsageException {
        return AgentOptions.from(ArgParser.parse(List.of("--" + Flags.HEALTH_BIND_ADDRESS + "=" + text))).healthBindAddress();
    }

    private static void usage(UsageException e, String flag, String value) {
        Check.that(e.getMessage().startsWith("Invalid " + flag + " flag " + GoQuote.quote(value) + ": "),
                () -> "error does not name the flag and value: " + e.getMessage());
        Check.oneLine(e.getMessage(), "usage error");
    }

    /**
     * A config directory (the files of a {@link FuzzInput}, written as bytes) read by the real source: {@code check}
     * says valid exactly when {@code run --once --backend=dryrun} syncs, and its report is bounded and one line
     * per problem.
     */
    @FuzzTest(maxDuration = "30s")
    void checkAgreesWithRunOnce(byte[] data) throws IOException, UsageException, BackendException {
        FuzzInput in = FuzzInput.severalFiles(data);
        writeDirectory(FuzzInput.files(data));
        List<String> args = new ArrayList<>(List.of("run", "--once", "--backend=dryrun", "--config-dir=" + DIR));
        args.addAll(in.flagArgs());
        AgentOptions options = AgentOptions.from(ArgParser.parse(args));
        ConfigSource source = new DirectoryConfigSourceProvider().create(
                new ConfigSourceContext(options.configDir(), options.configFilePrefix(), Map.of()));
        java.util.function.Supplier<LoadResult> loader = () -> ConfigEngine.load(source.read(), options.configSettings());

        LoadResult checked = loader.get();
        ConfigChecks.report(checked, Set.of(in.documents().stream().map(d -> d.name()).toArray(String[]::new)));
        String report = ProblemReport.text(checked, DIR.toString());
        report.lines().forEach(line -> Check.oneLine(line, "check output"));
        Check.that(report.lines().count() <= 2L * ConfigChecks.TOTAL + 2, () -> "check printed " + report.lines().count() + " lines");

        SyncLoop once = new SyncLoop(loader, options::policy,
                new DryRunBackendProvider().create(new BackendContext((argv, stdin, timeout) -> {
                    throw new AssertionError("dryrun ran " + argv);
                }, Map.of())), interval -> false, options.resyncInterval(), false);
        SyncOutcome outcome = once.syncOnce();
        Check.that(checked.valid() == outcome instanceof SyncOutcome.Synced, () -> "check says " + (checked.valid() ? "valid" : "invalid")
                + " but run --once ends " + outcome + ":\n" + report);
    }

    private static void writeDirectory(List<byte[]> files) throws IOException {
        try (var old = Files.list(DIR)) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
        for (int i = 0; i < files.size(); i++) {
            Files.write(DIR.resolve(FuzzInput.name(i)), files.get(i));
        }
    }

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("masq-fuzz-");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
