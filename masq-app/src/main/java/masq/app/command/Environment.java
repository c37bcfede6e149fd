package masq.app.command;

import java.time.Clock;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import masq.api.spi.BackendContext;
import masq.api.spi.CommandRunner;
import masq.api.spi.FirewallBackend;
import masq.app.cli.AgentOptions;
import masq.app.discovery.BackendRegistry;
import masq.app.discovery.ConfigSources;
import masq.app.discovery.SelectedBackend;
import masq.app.platform.Console;
import masq.app.platform.Signals;
import masq.app.platform.StartupException;
import masq.config.LoadResult;

/**
 * Everything with a side effect the commands use, passed in so tests substitute their own.
 *
 * @param console       stdout/stderr for command output
 * @param backends      backend discovery
 * @param configSources config source discovery
 * @param commands      runs external programs for backends
 * @param logging       applies {@code --v} and {@code --log-format}
 * @param signals       what SIGTERM/SIGINT (stop) and SIGHUP/SIGUSR1 (resync) do for a command
 * @param clock         the time health, metrics and the HTTP endpoints report
 */
public record Environment(Console console, BackendRegistry backends, ConfigSources configSources, CommandRunner commands,
                   BiConsumer<Integer, Boolean> logging, Signals signals, Clock clock) {
    public Environment {
        Objects.requireNonNull(console, "console");
        Objects.requireNonNull(backends, "backends");
        Objects.requireNonNull(configSources, "configSources");
        Objects.requireNonNull(commands, "commands");
        Objects.requireNonNull(logging, "logging");
        Objects.requireNonNull(signals, "signals");
        Objects.requireNonNull(clock, "clock");
    }

    /** The same environment with another backend registry (plus the plugins of {@code --plugin-dir}). */
    public Environment withBackends(BackendRegistry registry) {
        return new Environment(console, registry, configSources, commands, logging, signals, clock);
    }

    /** What the backend chosen with {@code --backend} gets: the command runner and {@code --backend-option}s. */
    public BackendContext backendContext(AgentOptions options) {
        return new BackendContext(commands, options.backendOptions());
    }

    /**
     * Selects and creates the backend named by {@code --backend} (render, cleanup). {@code create} must not
     * change the kernel (SPI contract), so this is safe for {@code render}; backends that detect a mode by
     * running a binary take it from {@code --backend-option} instead when asked to.
     */
    public FirewallBackend openBackend(AgentOptions options) throws StartupException {
        return openBackend(backends.select(options.backend()), options);
    }

    /** Creates an already selected backend with the options' context. */
    public FirewallBackend openBackend(SelectedBackend chosen, AgentOptions options) throws StartupException {
        return chosen.create(backendContext(options));
    }

    /** Reads the config directory the options name, as it is at each call. */
    public Supplier<LoadResult> config(AgentOptions options) throws StartupException {
        return configSources.directory(options.configDir(), options.configFilePrefix(), options.configSettings());
    }
}
