package masq.config;

import java.util.List;
import java.util.Optional;
import masq.api.ConfigProblem;

/**
 * What loading a snapshot produced: a configuration when no problem is an error, and every problem.
 *
 * @param config   present exactly when the configuration is valid
 * @param problems every error and warning, in file order
 */
public record LoadResult(Optional<EffectiveConfig> config, List<ConfigProblem> problems) {
    public LoadResult {
        problems = List.copyOf(problems);
        if (config.isPresent() == problems.stream().anyMatch(ConfigProblem::isError)) {
            throw new IllegalArgumentException("a config is present exactly when there is no error");
        }
    }

    public boolean valid() {
        return config.isPresent();
    }
}
