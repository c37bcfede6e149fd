package masq.app;

import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import masq.api.spi.CommandRunner;

/**
 * Everything with a side effect the commands use, passed in so tests substitute their own.
 *
 * @param console       stdout/stderr for command output
 * @param backends      backend discovery
 * @param configSources config source discovery
 * @param commands      runs external programs for backends
 * @param logging       applies {@code --v} and {@code --log-format}
 * @param shutdownHooks registers work to do on SIGTERM
 */
record Environment(Console console, BackendRegistry backends, ConfigSources configSources, CommandRunner commands,
                   BiConsumer<Integer, Boolean> logging, Consumer<Runnable> shutdownHooks) {
    Environment {
        Objects.requireNonNull(console, "console");
        Objects.requireNonNull(backends, "backends");
        Objects.requireNonNull(configSources, "configSources");
        Objects.requireNonNull(commands, "commands");
        Objects.requireNonNull(logging, "logging");
        Objects.requireNonNull(shutdownHooks, "shutdownHooks");
    }
}
