package masq.app.sync;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
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
 * <p>One iteration is {@link #syncOnce()}; the loop around it is {@link #run()} (or {@link #runUntil}, to
 * stop at an outcome and go on later): after a failed sync it
 * retries with {@link Backoff} (1 s doubling, capped at the resync interval), otherwise it waits the resync
 * interval; the {@link LoopTimer} may wake it earlier (config watcher, backend watch). Log reduction: what
 * changes is logged at INFO/WARN/ERROR once, the same thing again only at DEBUG, so nothing repeats every
 * resync.
 */
public final class SyncLoop {
    private static final Logger LOG = LoggerFactory.getLogger(SyncLoop.class);

    /** Reads and validates the configuration as it is now; once per iteration; never throws for bad input. */
    private final Supplier<LoadResult> config;
    private final Function<EffectiveConfig, MasqPolicy> policies;
    private final FirewallBackend backend;
    private final LoopTimer timer;
    private final Duration defaultInterval;
    private final LoopListener listener;
    private final Backoff backoff;
    private final int maxFailures;

    private final SyncLog log;

    private MasqPolicy lastGood;
    private EffectiveConfig lastGoodConfig;
    /** The policy of the last successful sync: a later sync of the same policy that writes is a drift repair. */
    private MasqPolicy lastApplied;
    /** Why the next iteration of {@link #runUntil} runs. */
    private Trigger trigger = Trigger.START;
    /** What the next iteration of {@link #runUntil} waits first: null before the first one. */
    private Duration nextWait;
    private boolean lastFailed;

    /**
     * @param verbose         {@code --v >= 2}: log the full policy at INFO when it changes
     */
    public SyncLoop(Supplier<LoadResult> config, Function<EffectiveConfig, MasqPolicy> policies, FirewallBackend backend,
             LoopTimer timer, Duration defaultInterval, boolean verbose) {
        this(config, policies, backend, timer, defaultInterval, verbose, LoopListener.NONE);
    }

    /**
     * @param listener told about every iteration, config load and outcome (health, metrics)
     */
    public SyncLoop(Supplier<LoadResult> config, Function<EffectiveConfig, MasqPolicy> policies, FirewallBackend backend,
             LoopTimer timer, Duration defaultInterval, boolean verbose, LoopListener listener) {
        this(config, policies, backend, timer, defaultInterval, verbose, listener, new Backoff(Duration.ofSeconds(1)),
                Integer.MAX_VALUE);
    }

    /**
     * @param backoff     retry delays after failed syncs; counts the failures in a row (the agent's one count)
     * @param maxFailures consecutive failed syncs after which the agent reports itself unhealthy (logged once)
     */
    public SyncLoop(Supplier<LoadResult> config, Function<EffectiveConfig, MasqPolicy> policies, FirewallBackend backend,
             LoopTimer timer, Duration defaultInterval, boolean verbose, LoopListener listener, Backoff backoff,
             int maxFailures) {
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.maxFailures = maxFailures;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.config = Objects.requireNonNull(config, "config");
        this.policies = Objects.requireNonNull(policies, "policies");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.defaultInterval = Objects.requireNonNull(defaultInterval, "defaultInterval");
        this.log = new SyncLog(verbose);
    }

    /** Syncs until the timer says stop; the interval is the current config's ({@code resyncInterval}). */
    public void run() throws InterruptedException {
        runUntil(outcome -> false);
    }

    /**
     * Syncs, waiting on the timer between iterations, until an outcome satisfies {@code done} (returned) or
     * the timer says stop (empty). A later call goes on where this one returned: first the wait that
     * outcome asks for, then the next iteration.
     */
    public Optional<SyncOutcome> runUntil(Predicate<SyncOutcome> done) throws InterruptedException {
        while (true) {
            if (nextWait != null) {
                if (!timer.awaitNext(nextWait)) {
                    return Optional.empty();
                }
                Trigger woke = timer.lastTrigger();
                trigger = lastFailed && woke == Trigger.PERIODIC ? Trigger.RETRY : woke;
            }
            LOG.debug("sync started ({})", trigger);
            listener.on(new LoopEvent.Started(trigger));
            SyncOutcome outcome = syncOnce();
            lastFailed = outcome instanceof SyncOutcome.Failed;
            nextWait = lastFailed ? backoff.delay(interval()) : interval();
            if (lastFailed) {
                LOG.debug("retrying in {}", GoDuration.format(nextWait));
            }
            if (done.test(outcome)) {
                return Optional.of(outcome);
            }
        }
    }

    /** The interval until the next sync: the last good config's, else the flag's. */
    public Duration interval() {
        return lastGoodConfig == null ? defaultInterval : lastGoodConfig.resyncInterval();
    }

    /** One iteration: load, decide, sync; the outcome is also told to the listener. */
    public SyncOutcome syncOnce() {
        LoadResult result = config.get();
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
        listener.on(new LoopEvent.ConfigLoaded(result.problems(), valid, changed));
        if (lastGood == null) {
            log.noValidConfig();
            return told(new SyncOutcome.NoValidConfig(result.problems()));
        }
        if (!valid && changedProblems) {
            log.keepingLastGood();
        }
        long start = System.nanoTime();
        try {
            SyncResult synced = backend.sync(lastGood);
            boolean drift = synced.changed() && lastGood.equals(lastApplied);
            log.synced(synced, drift, backoff.succeeded());
            lastApplied = lastGood;
            return told(valid ? new SyncOutcome.Synced(lastGood, synced, drift, since(start))
                    : new SyncOutcome.KeptLastGood(lastGood, synced, drift, since(start)));
        } catch (BackendException e) {
            return told(failed(e, null, start));
        } catch (RuntimeException e) {
            return told(failed(new BackendException(BackendException.Reason.FAILED, e.toString(), e), e, start));
        }
    }

    /** Counts and logs a failed sync; {@code bug} (logged with its stack trace) when the backend threw a RuntimeException. */
    private SyncOutcome failed(BackendException e, RuntimeException bug, long start) {
        backoff.failed();
        log.failed(e.reason() + "): " + e.getMessage(), bug, backoff.consecutiveFailures(), maxFailures);
        return new SyncOutcome.Failed(lastGood, e, backoff.consecutiveFailures(), since(start));
    }

    private SyncOutcome told(SyncOutcome outcome) {
        listener.on(outcome);
        return outcome;
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
