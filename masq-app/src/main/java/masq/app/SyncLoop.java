package masq.app;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import masq.api.GoDuration;
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
    private final SyncEvents events;
    private final Backoff backoff;
    private final int maxFailures;

    private final SyncLog log;

    private MasqPolicy lastGood;
    private EffectiveConfig lastGoodConfig;
    /** The policy of the last successful sync: a later sync of the same policy that writes is a drift repair. */
    private MasqPolicy lastApplied;

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
        this.log = new SyncLog(verbose);
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
                LOG.debug("retrying in {}", GoDuration.format(wait));
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
        boolean changedProblems = log.problems(result.problems(), result.omitted());
        boolean valid = false;
        boolean changed = false;
        if (result.config().isPresent()) {
            EffectiveConfig effective = result.config().get();
            try {
                // The loader returns the very same config when the files did not change: so is the policy then.
                MasqPolicy policy = effective == lastGoodConfig ? lastGood : policies.apply(effective);
                log.defaults(effective);
                if (!policy.equals(lastGood)) {
                    log.policy(effective, policy);
                    changed = true;
                }
                lastGood = policy;
                lastGoodConfig = effective;
                valid = true;
            } catch (IllegalArgumentException e) {
                log.policyRejected(e);
            }
        }
        events.configLoaded(result.problems(), valid, changed);
        if (lastGood == null) {
            log.noValidConfig();
            events.syncFinished(Outcome.NO_VALID_CONFIG, Duration.ZERO, Optional.empty(), Optional.empty(), Optional.empty());
            return Outcome.NO_VALID_CONFIG;
        }
        if (!valid && changedProblems) {
            log.keepingLastGood();
        }
        long start = System.nanoTime();
        try {
            SyncResult synced = backend.sync(lastGood);
            boolean drift = synced.changed() && lastGood.equals(lastApplied);
            log.synced(synced, drift, backoff.succeeded());
            if (drift) {
                events.driftRepaired(synced);
            }
            lastApplied = lastGood;
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

    private void failed(String text, RuntimeException bug) {
        backoff.failed();
        log.failed(text, bug, backoff.consecutiveFailures(), maxFailures);
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
