package masq.app;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
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
 * <p>One iteration is {@link #syncOnce()}; the loop around it is {@link #run()}. A reconciler with file
 * watching, backoff and health state extends this by a different {@link LoopTimer} and by observing
 * {@link Outcome}s, not by rewriting it.
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

    private MasqPolicy lastGood;
    private EffectiveConfig lastGoodConfig;
    private List<ConfigProblem> lastProblems = List.of();

    /**
     * @param verbose         {@code --v >= 2}: log the full policy at INFO when it changes
     */
    SyncLoop(ConfigLoader config, Function<EffectiveConfig, MasqPolicy> policies, FirewallBackend backend,
             LoopTimer timer, Duration defaultInterval, boolean verbose) {
        this.config = Objects.requireNonNull(config, "config");
        this.policies = Objects.requireNonNull(policies, "policies");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.defaultInterval = Objects.requireNonNull(defaultInterval, "defaultInterval");
        this.verbose = verbose;
    }

    /** Syncs until the timer says stop; the interval is the current config's ({@code resyncInterval}). */
    void run() throws InterruptedException {
        do {
            syncOnce();
        } while (timer.awaitNext(interval()));
        LOG.info("sync loop stopped; rules stay in place");
    }

    /** The interval until the next sync: the last good config's, else the flag's. */
    Duration interval() {
        return lastGoodConfig == null ? defaultInterval : lastGoodConfig.resyncInterval();
    }

    /** One iteration: load, decide, sync. */
    Outcome syncOnce() {
        LoadResult result = config.load();
        logProblemsOnce(result.problems());
        boolean valid = false;
        if (result.config().isPresent()) {
            EffectiveConfig effective = result.config().get();
            try {
                MasqPolicy policy = policies.apply(effective);
                if (!policy.equals(lastGood)) {
                    logPolicy(effective, policy);
                }
                lastGood = policy;
                lastGoodConfig = effective;
                valid = true;
            } catch (IllegalArgumentException e) {
                LOG.error("Error syncing configuration: {}", e.getMessage());
            }
        }
        if (lastGood == null) {
            LOG.error("no valid configuration yet: applying nothing, retrying in {}", GoValues.format(interval()));
            return Outcome.NO_VALID_CONFIG;
        }
        if (!valid) {
            LOG.warn("configuration invalid: keeping the last good policy");
        }
        try {
            SyncResult synced = backend.sync(lastGood);
            if (synced.changed()) {
                LOG.info("rules synced: {}", synced.summary());
            } else {
                LOG.debug("rules in sync: {}", synced.summary());
            }
        } catch (BackendException e) {
            LOG.error("Error syncing masquerade rules ({}): {}", e.reason(), e.getMessage());
            return Outcome.SYNC_FAILED;
        } catch (RuntimeException e) {
            LOG.error("Error syncing masquerade rules: {}", e.toString(), e);
            return Outcome.SYNC_FAILED;
        }
        return valid ? Outcome.SYNCED : Outcome.CONFIG_INVALID;
    }

    /** Every problem once when the set changes; the same problems again only at DEBUG (no log spam each minute). */
    private void logProblemsOnce(List<ConfigProblem> problems) {
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
