package masq.app;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import masq.api.ConfigProblem;
import masq.api.MasqPolicy;
import masq.api.spi.BackendException;
import masq.api.spi.FirewallBackend;
import masq.api.spi.SyncResult;
import masq.config.EffectiveConfig;
import masq.config.LoadResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Load config, build the policy, sync the backend, wait, repeat. Like the Go original it never exits on
 * bad config or a failed sync; unlike it, an invalid config does not stop rule syncing: the last good
 * policy keeps being applied (so rules removed by someone else are healed). With no good config yet,
 * nothing is applied until one appears.
 *
 * <p>One iteration is {@link #syncOnce()}; the loop around it is {@link #run()}: after a failed sync it
 * retries with {@link Backoff} (1 s doubling, capped at the resync interval), otherwise it waits the resync
 * interval; the {@link LoopTimer} may wake it earlier (config watcher, backend watch). Log reduction: what
 * changes is logged at INFO/WARN/ERROR once, the same thing again only at DEBUG, so nothing repeats every
 * resync.
 */
final class SyncLoop {
    private static final Logger LOG = LoggerFactory.getLogger(SyncLoop.class);

    /** What one iteration did. */
    enum Outcome {
        /** Config valid, backend in sync. */
        SYNCED,
        /** Config invalid; the last good policy was synced. */
        CONFIG_INVALID,
        /** Config invalid and there is no good one yet: nothing applied. */
        NO_VALID_CONFIG,
        /** The backend failed; its previous rules stay in force. */
        SYNC_FAILED;

        boolean ok() {
            return this == SYNCED;
        }
    }

    private final ConfigLoader config;
    private final Function<EffectiveConfig, MasqPolicy> policies;
    private final FirewallBackend backend;
    private final LoopTimer timer;
    private final Duration defaultInterval;
    private final boolean verbose;
    private final SyncEvents events;
    private final Backoff backoff;
    private final int maxFailures;

    private MasqPolicy lastGood;
    private EffectiveConfig lastGoodConfig;
    private List<ConfigProblem> lastProblems = List.of();
    /** The policy of the last successful sync: a later sync of the same policy that writes is a drift repair. */
    private MasqPolicy lastApplied;
    private String lastFailure;
    private boolean noConfigLogged;
    private Boolean usingDefaults;

    /**
     * @param verbose         {@code --v >= 2}: log the full policy at INFO when it changes
     */
    SyncLoop(ConfigLoader config, Function<EffectiveConfig, MasqPolicy> policies, FirewallBackend backend,
             LoopTimer timer, Duration defaultInterval, boolean verbose) {
        this(config, policies, backend, timer, defaultInterval, verbose, SyncEvents.NONE);
    }

    /**
     * @param events told about every config load and sync attempt (health, metrics)
     */
    SyncLoop(ConfigLoader config, Function<EffectiveConfig, MasqPolicy> policies, FirewallBackend backend,
             LoopTimer timer, Duration defaultInterval, boolean verbose, SyncEvents events) {
        this(config, policies, backend, timer, defaultInterval, verbose, events, new Backoff(Duration.ofSeconds(1)),
                Integer.MAX_VALUE);
    }

    /**
     * @param backoff     retry delays after failed syncs
     * @param maxFailures consecutive failed syncs after which the agent reports itself unhealthy (logged once)
     */
    SyncLoop(ConfigLoader config, Function<EffectiveConfig, MasqPolicy> policies, FirewallBackend backend,
             LoopTimer timer, Duration defaultInterval, boolean verbose, SyncEvents events, Backoff backoff,
             int maxFailures) {
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.maxFailures = maxFailures;
        this.events = Objects.requireNonNull(events, "events");
        this.config = Objects.requireNonNull(config, "config");
        this.policies = Objects.requireNonNull(policies, "policies");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.defaultInterval = Objects.requireNonNull(defaultInterval, "defaultInterval");
        this.verbose = verbose;
    }

    /** Syncs until the timer says stop; the interval is the current config's ({@code resyncInterval}). */
    void run() throws InterruptedException {
        Trigger trigger = Trigger.START;
        while (true) {
            LOG.debug("sync started ({})", trigger);
            events.syncTriggered(trigger);
            boolean failed = syncOnce() == Outcome.SYNC_FAILED;
            Duration wait = failed ? backoff.delay(interval()) : interval();
            if (failed) {
                LOG.debug("retrying in {}", GoValues.format(wait));
            }
            if (!timer.awaitNext(wait)) {
                break;
            }
            Trigger woke = timer.lastTrigger();
            trigger = failed && woke == Trigger.PERIODIC ? Trigger.RETRY : woke;
        }
    }

    /** The interval until the next sync: the last good config's, else the flag's. */
    Duration interval() {
        return lastGoodConfig == null ? defaultInterval : lastGoodConfig.resyncInterval();
    }

    /** One iteration: load, decide, sync. */
    Outcome syncOnce() {
        LoadResult result = config.load();
        boolean changedProblems = logProblemsOnce(result.problems());
        boolean valid = false;
        boolean changed = false;
        if (result.config().isPresent()) {
            EffectiveConfig effective = result.config().get();
            try {
                MasqPolicy policy = policies.apply(effective);
                logDefaultsOnce(effective);
                if (!policy.equals(lastGood)) {
                    logPolicy(effective, policy);
                    changed = true;
                }
                lastGood = policy;
                lastGoodConfig = effective;
                valid = true;
            } catch (IllegalArgumentException e) {
                LOG.error("Error syncing configuration: {}", e.getMessage());
            }
        }
        events.configLoaded(result.problems(), valid, changed);
        if (lastGood == null) {
            logOnce(!noConfigLogged, "no valid configuration yet: applying nothing until the config is fixed");
            noConfigLogged = true;
            events.syncFinished(Outcome.NO_VALID_CONFIG, Duration.ZERO, Optional.empty(), Optional.empty(), Optional.empty());
            return Outcome.NO_VALID_CONFIG;
        }
        if (!valid && changedProblems) {
            LOG.warn("configuration invalid: keeping the last good policy");
        }
        long start = System.nanoTime();
        try {
            SyncResult synced = backend.sync(lastGood);
            boolean drift = synced.changed() && lastGood.equals(lastApplied);
            if (drift) {
                LOG.info("rules repaired (changed by someone else): {}", synced.summary());
                events.driftRepaired(synced);
            } else if (synced.changed()) {
                LOG.info("rules synced: {}", synced.summary());
            } else {
                LOG.debug("rules in sync: {}", synced.summary());
            }
            lastApplied = lastGood;
            int ended = backoff.succeeded();
            if (ended > 0) {
                LOG.info("sync succeeded again after {} failed attempt(s)", ended);
            }
            lastFailure = null;
            Outcome outcome = valid ? Outcome.SYNCED : Outcome.CONFIG_INVALID;
            events.syncFinished(outcome, since(start), Optional.of(lastGood), Optional.of(synced), Optional.empty());
            return outcome;
        } catch (BackendException e) {
            failed(e.reason() + "): " + e.getMessage(), null);
            events.syncFinished(Outcome.SYNC_FAILED, since(start), Optional.of(lastGood), Optional.empty(), Optional.of(e));
            return Outcome.SYNC_FAILED;
        } catch (RuntimeException e) {
            failed(BackendException.Reason.FAILED + "): " + e, e);
            events.syncFinished(Outcome.SYNC_FAILED, since(start), Optional.of(lastGood), Optional.empty(),
                    Optional.of(new BackendException(BackendException.Reason.FAILED, e.toString(), e)));
            return Outcome.SYNC_FAILED;
        }
    }

    /**
     * A failure is logged at ERROR when it differs from the previous one; the same failure again at DEBUG.
     * Reaching {@code maxFailures} in a row is logged once: from then on the agent reports itself unhealthy.
         */
    private void failed(String text, RuntimeException bug) {
        String message = "Error syncing masquerade rules (" + text;
        if (!message.equals(lastFailure)) {
            LOG.error("{}; the rules in place stay in force", message, bug);
        } else {
            LOG.debug("{} (again)", message);
        }
        lastFailure = message;
        backoff.failed();
        if (backoff.consecutiveFailures() == maxFailures) {
            LOG.error("{} consecutive sync failures: reporting unhealthy until a sync succeeds", maxFailures);
        }
    }

    private static void logOnce(boolean first, String message) {
        if (first) {
            LOG.error(message);
        } else {
            LOG.debug(message);
        }
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** Every problem once when the set changes; the same problems again only at DEBUG (no log spam each minute). */
    private boolean logProblemsOnce(List<ConfigProblem> problems) {
        boolean same = problems.equals(lastProblems);
        for (ConfigProblem p : problems) {
            if (same) {
                LOG.debug("config {}: {}", p.severity(), p);
            } else if (p.isError()) {
                LOG.error("config error: {}", p);
            } else {
                LOG.warn("config warning: {}", p);
            }
        }
        lastProblems = problems;
        return !same;
    }

    /** A missing or empty config directory means defaults, as in the original: said once per change. */
    private void logDefaultsOnce(EffectiveConfig effective) {
        boolean defaults = effective.files().isEmpty();
        if (usingDefaults == null || usingDefaults != defaults) {
            if (defaults) {
                LOG.info("no config files (directory missing or empty): using the default configuration");
            } else if (usingDefaults != null) {
                LOG.info("config files found again: {}", String.join(", ", effective.files()));
            }
        }
        usingDefaults = defaults;
    }

    private void logPolicy(EffectiveConfig config, MasqPolicy policy) {
        String files = config.files().isEmpty() ? "defaults (no config files)" : String.join(", ", config.files());
        LOG.info("using config {}: {} non-masquerade and {} masquerade CIDRs, resync every {}", files,
                policy.nonMasquerade().size(), policy.masquerade().size(), GoValues.format(config.resyncInterval()));
        if (verbose) {
            LOG.info("policy: {}", policy);
        } else {
            LOG.debug("policy: {}", policy);
        }
    }
}
