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
        LoadResult result = env.config(options).get();
        env.console().out().print(options.jsonOutput() ? ProblemReport.json(result)
                : ProblemReport.text(result, options.configDir().toString()));
        if (result.config().map(c -> c.files().isEmpty()).orElse(false) && Files.isDirectory(options.configDir())) {
            // Valid with no file read although the directory is there: most likely a wrong prefix. To stderr,
            // so the JSON on stdout stays one document.
            env.console().err().println("warning: no file in " + GoQuote.quoteIfNeeded(options.configDir().toString())
                    + " starts with --" + Flags.CONFIG_FILE_PREFIX + "=" + GoQuote.quote(options.configFilePrefix())
                    + ": the defaults apply");
        }
        return result.valid() ? ExitStatus.OK : ExitStatus.FAILED;
    }
}
