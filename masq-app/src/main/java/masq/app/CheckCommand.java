package masq.app;

import masq.config.LoadResult;

/** {@code check}: validate the config directory with the agent's own engine; for CI before a ConfigMap is applied. */
final class CheckCommand {
    private CheckCommand() {
    }

    static int run(Environment env, AgentOptions options) throws StartupException {
        LoadResult result = env.configSources().directory(options).load();
        env.console().out().print(options.jsonOutput() ? ProblemReport.json(result)
                : ProblemReport.text(result, options.configDir().toString()));
        return result.valid() ? Cli.OK : Cli.FAILED;
    }
}
