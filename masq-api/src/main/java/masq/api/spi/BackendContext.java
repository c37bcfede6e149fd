package masq.api.spi;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the agent hands a backend: the command runner and the generic {@code --backend-option key=value}
 * settings. Backends take every side-effecting collaborator from here, so tests can pass fakes.
 *
 * @param commands runs external programs
 * @param options  backend options, e.g. {@code xtables-wait=5}; unknown keys are the backend's to reject
 */
public record BackendContext(CommandRunner commands, Map<String, String> options) {
    public BackendContext {
        Objects.requireNonNull(commands, "commands");
        options = Map.copyOf(options);
    }

    public Optional<String> option(String key) {
        return Optional.ofNullable(options.get(key));
    }
}
