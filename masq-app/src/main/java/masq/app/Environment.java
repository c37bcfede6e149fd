package masq.app;

import java.util.Objects;
import java.util.function.BiConsumer;
import masq.api.spi.CommandRunner;

/**
 * Everything with a side effect the commands use, passed in so tests substitute their own.
 *
 * @param console       stdout/stderr for command output
 * @param backends      backend discovery
 * @param configSources config source discovery
 * @param commands      runs external programs for backends
 * @param logging       applies {@code --v} and {@code --log-format}
 * @param signals       what SIGTERM/SIGINT (stop) and SIGHUP/SIGUSR1 (resync) do for a command
 */
record Environment(Console console, BackendRegistry backends, ConfigSources configSources, CommandRunner commands,
                   BiConsumer<Integer, Boolean> logging, Signals signals) {
    Environment {
        Objects.requireNonNull(console, "console");
        Objects.requireNonNull(backends, "backends");
        Objects.requireNonNull(configSources, "configSources");
        Objects.requireNonNull(commands, "commands");
        Objects.requireNonNull(logging, "logging");
        Objects.requireNonNull(signals, "signals");
    }

    /** The same environment with another backend registry (plus the plugins of {@code --plugin-dir}). */
    Environment withBackends(BackendRegistry registry) {
        return new Environment(console, registry, configSources, commands, logging, signals);
    }
}
