package masq.app;

import java.io.PrintStream;
import java.util.List;
import masq.api.GoQuote;
import masq.app.agent.RunCommand;
import masq.app.cli.AgentOptions;
import masq.app.cli.ArgParser;
import masq.app.cli.Command;
import masq.app.cli.ExitStatus;
import masq.app.cli.Flags;
import masq.app.cli.HelpText;
import masq.app.cli.PathFlag;
import masq.app.cli.ParsedArgs;
import masq.app.cli.UsageException;
import masq.app.command.CheckCommand;
import masq.app.command.CleanupCommand;
import masq.app.command.Environment;
import masq.app.command.ExplainCommand;
import masq.app.command.RenderCommand;
import masq.app.discovery.PluginLayers;
import masq.app.platform.StartupException;
import masq.app.platform.Version;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Parses the command line and dispatches to a command; maps failures to exit codes (0, 1, 2). */
final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final Environment env;

    Dispatcher(Environment env) {
        this.env = env;
    }

    int run(List<String> args) {
        PrintStream err = env.console().err();
        ParsedArgs parsed;
        AgentOptions options;
        Environment env;
        try {
            parsed = ArgParser.parse(args);
            if (parsed.help() || parsed.command() == Command.HELP) {
                return help(parsed, withPlugins(parsed));
            }
            options = AgentOptions.from(parsed);
            env = withPlugins(parsed);
        } catch (UsageException e) {
            err.println(e.getMessage());
            err.println("Run 'ip-masq-agent help' or 'ip-masq-agent COMMAND --help' for usage.");
            return ExitStatus.USAGE;
        }
        // render and explain print an answer on stdout: their INFO lines (backend chosen, mode detected) only with --v
        boolean quiet = (parsed.command() == Command.RENDER || parsed.command() == Command.EXPLAIN) && options.verbosity() == 0;
        env.logging().accept(quiet ? -1 : options.verbosity(), options.jsonLogs());
        parsed.ignored().forEach(flag -> LOG.debug("ignoring klog flag {}", flag));
        try {
            return switch (parsed.command()) {
                case RUN -> new RunCommand(env, options).run(parsed);
                case CHECK -> CheckCommand.run(env, options);
                case RENDER -> RenderCommand.run(env, options);
                case EXPLAIN -> ExplainCommand.run(env, options, parsed.positionals());
                case CLEANUP -> CleanupCommand.run(env, options);
                case VERSION -> version();
                case HELP -> throw new IllegalStateException("handled above");
            };
        } catch (UsageException e) {
            err.println(e.getMessage());
            return ExitStatus.USAGE;
        } catch (StartupException e) {
            err.println("error: " + e.getMessage());
            return ExitStatus.FAILED;
        }
    }

    private int version() {
        env.console().out().println("ip-masq-agent " + Version.current());
        return ExitStatus.OK;
    }

    /** The environment whose backend registry also holds the plugins of {@code --plugin-dir}. */
    private Environment withPlugins(ParsedArgs parsed) throws UsageException {
        java.nio.file.Path dir = PathFlag.parse(Flags.PLUGIN_DIR, parsed.valueOrDefault(Flags.PLUGIN_DIR));
        return env.withBackends(env.backends().withPlugins(PluginLayers.load(dir)));
    }

    private int help(ParsedArgs parsed, Environment env) throws UsageException {
        Command about = parsed.command();
        if (about == Command.HELP && !parsed.positionals().isEmpty()) {
            String word = parsed.positionals().getFirst();
            about = Command.byWord(word).orElseThrow(() -> new UsageException("unknown command " + GoQuote.quote(word)));
        }
        // Without a command, help shows the commands and the backends; each command's --help its own flags.
        if (about == Command.HELP) {
            env.console().out().print(HelpText.general(env.backends().describeAll()));
        } else {
            env.console().out().print(HelpText.command(about));
        }
        return ExitStatus.OK;
    }
}
