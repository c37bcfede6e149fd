package masq.app.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;
import masq.api.GoQuote;
import masq.api.spi.Availability;
import masq.api.spi.BackendContext;
import masq.api.spi.FirewallBackend;
import masq.app.cli.AgentOptions;
import masq.app.cli.Command;
import masq.app.cli.ExitStatus;
import masq.app.cli.FlagSpec;
import masq.app.cli.Flags;
import masq.app.cli.ParsedArgs;
import masq.app.cli.RunOptions;
import masq.app.cli.UsageException;
import masq.app.command.Environment;
import masq.app.discovery.SelectedBackend;
import masq.app.foreign.CommandNatReader;
import masq.app.foreign.ForeignWatch;
import masq.app.ops.AgentMetrics;
import masq.app.ops.Endpoints;
import masq.app.ops.HealthState;
import masq.app.platform.InstanceLock;
import masq.app.platform.StartupException;
import masq.app.platform.Version;
import masq.app.sync.Backoff;
import masq.app.sync.ConfigWatcher;
import masq.app.sync.LoopListener;
import masq.app.sync.LoopTimer;
import masq.app.sync.SyncLoop;
import masq.app.sync.SyncOutcome;
import masq.app.sync.Trigger;
import masq.app.sync.WakeableTimer;
import masq.config.LoadResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code run}: the agent, wired here and only here, from the {@link Environment} (its clock included) and the
 * flags. The long-running agent gets the instance lock, the backend, health state, metrics, the HTTP
 * endpoints, the config watcher, the backend's external-change watch and the signals; the {@link Reconciler}
 * owns the loop's lifecycle. {@code --once} is the same wiring with what a single sync does not use left
 * out (no lock, watcher, metrics, endpoints, signals or backend switch): one sync, whose outcome is the exit
 * status.
 */
public final class RunCommand {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);
    /** The first retry after a failed sync; doubles up to the resync interval. */
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);

    private final Environment env;
    private final AgentOptions options;

    public RunCommand(Environment env, AgentOptions options) {
        this.env = env;
        this.options = options;
    }

    public int run(ParsedArgs args) throws StartupException, UsageException {
        RunOptions flags = RunOptions.from(args);
        // The config source links its native calls first (FFM spins their stubs at run time, ≈90 ms in a cold JVM,
        // which the AOT cache cannot hold); it does not depend on the backend, so it links while the backend is
        // found and probed (a tool run) instead of after (docs/memory.md, start-up).
        FutureTask<Supplier<LoadResult>> config = new FutureTask<>(() -> env.config(options));
        Thread.ofPlatform().name("config-link").daemon().start(config);
        LOG.info("ip-masq-agent version: {}", Version.current());
        Flags.TABLE.stream().filter(f -> !f.ignored() && f.appliesTo(Command.RUN))
                .sorted(Comparator.comparing(FlagSpec::name))
                .forEach(f -> LOG.info("FLAG: --{}={}", f.name(), GoQuote.quote(String.join(",",
                        f.type() == FlagSpec.Type.REPEATED ? args.all(f.name()) : List.of(args.valueOrDefault(f.name()))))));
        SelectedBackend chosen = env.backends().select(options.backend());
        Availability availability = chosen.probe(env.backendContext(options));
        if (availability.available()) {
            LOG.info("backend {}: {}", chosen.id(), availability.detail());
        } else {
            LOG.warn("backend {} reports it is unavailable: {}; trying anyway as asked", chosen.id(), availability.detail());
        }
        if (!Files.isDirectory(options.configDir())) {
            // The Go original starts on the defaults too; check, asked about the directory, fails instead.
            LOG.warn("config directory {} does not exist: the defaults apply until it appears", GoQuote.quote(
                    options.configDir().toString()));
        }
        try {
            return start(chosen, linked(config), flags);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitStatus.OK;
        }
    }

    private static Supplier<LoadResult> linked(FutureTask<Supplier<LoadResult>> config)
            throws StartupException, InterruptedException {
        try {
            return config.get();
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case StartupException s -> throw s;
                case RuntimeException r -> throw r;
                case Error r -> throw r;
                default -> throw new IllegalStateException(e.getCause());
            }
        }
    }

    private int start(SelectedBackend chosen, Supplier<LoadResult> config, RunOptions flags)
            throws StartupException, InterruptedException {
        boolean once = options.once();
        WakeableTimer wakeups = new WakeableTimer();
        Reconciler reconciler = new Reconciler(wakeups, flags.cleanupOnExit());
        if (!once) {
            env.signals().onStop(reconciler::stop);
        }
        Optional<InstanceLock> lock = reconciler.lock(once ? Optional.empty() : flags.lockFile());
        if (lock.isEmpty()) {
            return ExitStatus.OK;
        }
        try (InstanceLock held = lock.get(); FirewallBackend backend = env.openBackend(chosen, options)) {
            LOG.info("backend {} mode={} tool={}", backend.info().id(), backend.info().mode(), backend.info().toolVersion());
            if (once) {
                SyncOutcome outcome = loop(config, backend, interval -> false, LoopListener.NONE, flags).syncOnce();
                LOG.info("one sync done: {}", outcome.label());
                // One sync cannot keep a last good policy (there is none yet): in force means synced.
                return outcome.rulesInForce() ? ExitStatus.OK : ExitStatus.FAILED;
            }
            // Health state and metrics observe the loop; the HTTP endpoints serve them (docs/metrics.md).
            HealthState health = new HealthState(env.clock(), flags.maxSyncFailures());
            AgentMetrics metrics = new AgentMetrics(env.clock(), backend.info(), Version.current());
            metrics.foreignMasquerade(ForeignWatch.none());
            // The foreign-rule reading (a few tool runs) comes last, so health and metrics change together as before.
            SyncLoop loop = loop(config, backend, wakeups, LoopListener.all(List.of(health, metrics, foreign(backend, metrics))),
                    flags);
            ConfigWatcher watcher = flags.watchConfig() ? watch(wakeups) : null;
            AutoCloseable external = backend.watchExternalChanges(() -> wakeups.wake(Trigger.EXTERNAL_CHANGE));
            try (Endpoints endpoints = endpoints(options, health, metrics, loop::interval, env.clock())) {
                env.signals().onResync(reconciler::resync);
                reconciler.run(loop, backendSwitch(backend));
            } finally {
                closeQuietly(external);
                closeQuietly(watcher);
            }
            return reconciler.stopped(backend);
        }
    }

    /** The HTTP endpoints the flags ask for (none when both are empty), serving this health state and these metrics. */
    static Endpoints endpoints(AgentOptions options, HealthState health, AgentMetrics metrics, Supplier<Duration> interval,
                               Clock clock) throws StartupException {
        return Endpoints.start(new Endpoints.Address(Flags.HEALTH_BIND_ADDRESS, options.healthBindAddress()),
                new Endpoints.Address(Flags.METRICS_BIND_ADDRESS, options.metricsBindAddress()), health, metrics, interval,
                clock);
    }

    private SyncLoop loop(Supplier<LoadResult> config, FirewallBackend backend, LoopTimer timer, LoopListener listener,
                          RunOptions flags) {
        return new SyncLoop(config, options::policy, backend, timer, options.resyncInterval(), options.verbosity() >= 2,
                listener, new Backoff(FIRST_RETRY), flags.maxSyncFailures());
    }

    /**
     * Looks for other masquerade rules after each sync in force, warns and counts (docs/troubleshooting.md). Only
     * for a backend that writes a kernel ruleset: one that writes nothing (dryrun) reads nothing either.
     */
    private LoopListener foreign(FirewallBackend backend, AgentMetrics metrics) {
        return backend.rulesetId().isEmpty() ? LoopListener.NONE : new ForeignWatch(
                new CommandNatReader(env.commands(), Path.of("/proc/thread-self/net")), backend.rulesetId(),
                metrics::foreignMasquerade, env.clock());
    }

    /** Removes what backends writing other rulesets left, once the running backend's rules are in force. */
    private BackendSwitch backendSwitch(FirewallBackend backend) throws StartupException {
        // Only built-ins are instantiated (cheap, no side effects): a plugin's code never runs unless it was chosen.
        // No backend options: they belong to the chosen backend, and another backend would reject them.
        return BackendSwitch.forRunning(backend.rulesetId(), env.backends().builtIns(),
                new BackendContext(env.commands(), Map.of()));
    }

    /** The config watcher; without inotify (e.g. its limits reached) the periodic resync still picks changes up. */
    private ConfigWatcher watch(WakeableTimer wakeups) {
        try {
            return ConfigWatcher.start(options.configDir(), () -> wakeups.wake(Trigger.CONFIG_CHANGED), ConfigWatcher.Timing.DEFAULT);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot watch the config directory {} ({}); changes are picked up every resync interval",
                    options.configDir(), e.toString());
            return null;
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("closing {}: {}", c, e.toString());
        }
    }
}
