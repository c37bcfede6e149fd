package masq.app.command;

import java.nio.file.Files;
import masq.api.GoQuote;
import masq.app.cli.AgentOptions;
import masq.app.cli.ExitStatus;
import masq.app.cli.Flags;
import masq.app.platform.StartupException;
import masq.config.LoadResult;

/** {@code check}: validate the config directory with the agent's own engine; for CI before a ConfigMap is applied. */
public final class CheckCommand {
    private CheckCommand() {
    }

    public static int run(Environment env, AgentOptions options) throws StartupException {
        if (!Files.isDirectory(options.configDir())) {
            // run starts on the defaults here, as the Go original does; check is asked about a directory, and a
            // misspelt path must not pass CI as "valid".
            env.console().err().println("error: config directory " + GoQuote.quote(options.configDir().toString())
                    + (Files.exists(options.configDir()) ? " is not a directory" : " does not exist")
                    + " (--" + Flags.CONFIG_DIR + "; run would start on the defaults)");
            return ExitStatus.FAILED;
        }
        LoadResult result = env.config(options).get();
        env.console().out().print(options.jsonOutput() ? ProblemReport.json(result)
                : ProblemReport.text(result, options.configDir().toString()));
        if (result.config().map(c -> c.files().isEmpty()).orElse(false)) {
            // Valid with no file read although the directory is there: most likely a wrong prefix. To stderr,
            // so the JSON on stdout stays one document.
            env.console().err().println("warning: no file in " + GoQuote.quoteIfNeeded(options.configDir().toString())
                    + " starts with --" + Flags.CONFIG_FILE_PREFIX + "=" + GoQuote.quote(options.configFilePrefix())
                    + ": the defaults apply");
        }
        return result.valid() ? ExitStatus.OK : ExitStatus.FAILED;
    }
}
