package masq.app.command;

import java.util.Optional;
import masq.api.MasqPolicy;
import masq.app.cli.AgentOptions;
import masq.app.platform.StartupException;
import masq.config.EffectiveConfig;
import masq.config.LoadResult;

/**
 * A valid configuration and the policy it makes under the flags; for the one-shot commands.
 *
 * @param config the merged configuration, with provenance
 * @param policy what the backend gets
 */
record LoadedConfig(EffectiveConfig config, MasqPolicy policy) {

    /** Loads the config directory; when invalid prints every problem to stderr and returns empty. */
    static Optional<LoadedConfig> load(Environment env, AgentOptions options) throws StartupException {
        LoadResult result = env.config(options).get();
        if (!result.valid()) {
            env.console().err().print(ProblemReport.text(result, options.configDir().toString()));
            return Optional.empty();
        }
        EffectiveConfig config = result.config().orElseThrow();
        try {
            return Optional.of(new LoadedConfig(config, options.policy(config)));
        } catch (IllegalArgumentException e) {
            env.console().err().println("error: " + e.getMessage());
            return Optional.empty();
        }
    }
}
