package masq.app;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import masq.api.spi.FirewallBackendProvider;
import masq.app.command.Environment;
import masq.app.discovery.BackendRegistry;
import masq.app.discovery.ConfigSources;
import masq.app.platform.Console;

/** Runs the CLI in-process with captured stdout/stderr and the real dry-run backend and config engine. */
public final class TestCli {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final List<Runnable> shutdownHooks = new ArrayList<>();
    /** The verbosity each logging set-up was asked for (-1: WARN, the quiet one-shot commands). */
    final List<Integer> verbosities = new ArrayList<>();
    public int exitCode;

    public static TestCli run(String... args) {
        TestCli cli = new TestCli();
        Environment env = new Environment(
                new Console(new PrintStream(cli.out, true, StandardCharsets.UTF_8), new PrintStream(cli.err, true, StandardCharsets.UTF_8)),
                dryRunOnly(), ConfigSources.boot(),
                (argv, stdin, timeout) -> {
                    throw new AssertionError("no command may run in these tests: " + argv);
                },
                (v, json) -> cli.verbosities.add(v), cli.shutdownHooks::add, Clock.systemUTC());
        cli.exitCode = new Dispatcher(env).run(List.of(args));
        return cli;
    }

    /**
     * The real dry-run provider through the real ServiceLoader, and only it: outputs that list backends stay
     * the same whichever other backend modules the test paths hold.
     */
    static BackendRegistry dryRunOnly() {
        ModuleLayer layer = TestModules.dryRunLayer();
        return new BackendRegistry(() -> ServiceLoader.load(layer, FirewallBackendProvider.class).stream()
                .filter(p -> "masq.backend.dryrun".equals(p.type().getModule().getName())));
    }

    public String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    public String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** A config case directory under src/test/resources/configs. */
    public static String configDir(String name) {
        return Path.of(System.getProperty("basedir", "."), "src", "test", "resources", "configs", name).toString();
    }

    static String golden(String name) {
        try {
            return java.nio.file.Files.readString(Path.of(System.getProperty("basedir", "."), "src", "test",
                    "resources", "golden", name));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
