package masq.app;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import masq.api.spi.BackendContext;
import masq.api.spi.BackendException;
import masq.api.spi.FirewallBackend;
import masq.api.spi.FirewallBackendProvider;
import masq.api.spi.SyncResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-running {@code run}: takes the instance lock, creates the backend, wires the wake-ups (config
 * watcher, the backend's external-change watch, SIGHUP/SIGUSR1, SIGTERM) into the {@link SyncLoop}, and on
 * SIGTERM lets the sync in flight finish, then leaves the rules in place (or removes them with
 * {@code --cleanup-on-exit}).
 */
final class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    /** The first retry after a failed sync; doubles up to the resync interval. */
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);

    private final Environment env;
    private final AgentOptions options;
    private final ReconcilerOptions reconciler;

    Reconciler(Environment env, AgentOptions options, ReconcilerOptions reconciler) {
        this.env = env;
        this.options = options;
        this.reconciler = reconciler;
    }

    /** Runs until SIGTERM; returns the exit status (1 only when {@code --cleanup-on-exit} failed). */
    int run(SelectedBackend chosen, ConfigLoader config, HealthState health) throws StartupException {
        Wakeups wakeups = new Wakeups();
        // SIGTERM/SIGINT (at once if one came during start-up): the loop ends at its next wait, the sync in
        // flight finishes; main then exits with what this returns (SignalDispatch).
        env.signals().onStop(() -> {
            LOG.info(reconciler.cleanupOnExit() ? "shutting down: finishing the current sync, then removing the rules"
                    : "shutting down: finishing the current sync; rules stay in place");
            wakeups.stop();
        });
        try {
            Optional<InstanceLock> lock = Optional.empty();
            if (reconciler.lockFile().isPresent()) {
                lock = InstanceLock.acquire(reconciler.lockFile().get(), wakeups::pause);
                if (lock.isEmpty()) {
                    LOG.info("stopped while waiting for the lock file; nothing was changed");
                    return Cli.OK;
                }
            }
            if (wakeups.stopped()) {
                lock.ifPresent(InstanceLock::close);
                LOG.info("stopped before the first sync; nothing was changed");
                return Cli.OK;
            }
            try (InstanceLock held = lock.orElse(null); FirewallBackend backend = Backends.create(env, options, chosen)) {
                LOG.info("backend {} mode={} tool={}", backend.info().id(), backend.info().mode(), backend.info().toolVersion());
                // Health state and metrics observe the loop; the HTTP endpoints serve them (docs/metrics.md).
                AgentMetrics metrics = new AgentMetrics(Clock.systemUTC(), backend.info(), Version.current());
                LoopListener all = LoopListener.all(List.of(health, metrics, foreignRules(backend)));
                SyncLoop loop = new SyncLoop(config, RunCommand.policies(options), backend, wakeups, options.resyncInterval(),
                        options.verbosity() >= 2, all, new Backoff(FIRST_RETRY), reconciler.maxSyncFailures());
                ConfigWatcher watcher = reconciler.watchConfig() ? watch(wakeups) : null;
                AutoCloseable external = backend.watchExternalChanges(() -> wakeups.wake(Trigger.EXTERNAL_CHANGE));
                try (HealthServer endpoints = HealthServer.start(options, health, metrics, loop::interval, Clock.systemUTC())) {
                    env.signals().onResync(signal -> {
                        LOG.info("{}: syncing now", signal);
                        wakeups.wake(Trigger.SIGNAL);
                    });
                    loop.run();
                } finally {
                    closeQuietly(external);
                    closeQuietly(watcher);
                }
                return stopped(backend);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Cli.OK;
        }
    }

    /** After the first good sync, removes what backends writing other rulesets left (switching backends). */
    private LoopListener foreignRules(FirewallBackend backend) throws StartupException {
        // Only built-ins are instantiated (cheap, no side effects): a plugin's code never runs unless it was chosen.
        List<FirewallBackendProvider> providers = env.backends().builtIns();
        // No backend options: they belong to the chosen backend, and another backend would reject them.
        return ForeignRules.forRunning(backend.rulesetId(), providers, new BackendContext(env.commands(), Map.of()));
    }

    /** The config watcher; without inotify (e.g. its limits reached) the periodic resync still picks changes up. */
    private ConfigWatcher watch(Wakeups wakeups) {
        try {
            return ConfigWatcher.start(options.configDir(), () -> wakeups.wake(Trigger.CONFIG_CHANGED), ConfigWatcher.Timing.DEFAULT);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot watch the config directory {} ({}); changes are picked up every resync interval",
                    options.configDir(), e.toString());
            return null;
        }
    }

    private int stopped(FirewallBackend backend) {
        if (!reconciler.cleanupOnExit()) {
            LOG.info("sync loop stopped; rules stay in place");
            return Cli.OK;
        }
        try {
            SyncResult removed = backend.cleanup();
            if (removed.changed()) {
                LOG.info("sync loop stopped; rules removed (--cleanup-on-exit): {}", removed.summary());
            } else {
                LOG.info("sync loop stopped; --cleanup-on-exit found nothing to remove");
            }
            return Cli.OK;
        } catch (BackendException e) {
            LOG.error("sync loop stopped; removing the rules failed ({}): {}", e.reason(), e.getMessage());
            return Cli.FAILED;
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
