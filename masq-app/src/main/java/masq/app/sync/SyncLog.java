package masq.app.sync;

import java.util.List;
import masq.api.ConfigProblem;
import masq.api.GoDuration;
import masq.api.GoQuote;
import masq.api.MasqPolicy;
import masq.api.spi.SyncResult;
import masq.config.EffectiveConfig;
import masq.config.LoadResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the sync loop says, with log reduction: a change is logged at INFO/WARN/ERROR once, the same thing
 * again only at DEBUG, so a bad ConfigMap or a broken tool does not repeat a line every resync. Logs under
 * {@link SyncLoop}'s name: one logger for everything the loop reports.
 */
final class SyncLog {
    private static final Logger LOG = LoggerFactory.getLogger(SyncLoop.class);

    private final boolean verbose;
    private List<ConfigProblem> lastProblems = List.of();
    private LoadResult.Omitted lastOmitted = LoadResult.Omitted.NONE;
    private String lastFailure;
    private boolean noConfigSaid;
    private Boolean usingDefaults;

    /** @param verbose {@code --v >= 2}: the full policy at INFO when it changes */
    SyncLog(boolean verbose) {
        this.verbose = verbose;
    }

    /**
     * Every problem of the (bounded) report once when it changes, and a line for those beyond its bounds; the
     * same again only at DEBUG. Returns whether it changed.
     */
    boolean problems(List<ConfigProblem> problems, LoadResult.Omitted omitted) {
        boolean same = problems.equals(lastProblems) && omitted.equals(lastOmitted);
        for (ConfigProblem p : problems) {
            if (same) {
                LOG.debug("config {}: {}", p.severity(), p);
            } else if (p.isError()) {
                LOG.error("config error: {}", p);
            } else {
                LOG.warn("config warning: {}", p);
            }
        }
        if (omitted.total() > 0) {
            String line = "config " + omitted.describe();
            if (same) {
                LOG.debug(line);
            } else if (omitted.errors() > 0) {
                LOG.error(line);
            } else {
                LOG.warn(line);
            }
        }
        lastProblems = problems;
        lastOmitted = omitted;
        return !same;
    }

    /** A missing or empty config directory means defaults, as in the original: said once per change. */
    void defaults(EffectiveConfig effective) {
        boolean defaults = effective.files().isEmpty();
        if (usingDefaults == null || usingDefaults != defaults) {
            if (defaults) {
                LOG.info("no config files (directory missing or empty): using the default configuration");
            } else if (usingDefaults != null) {
                LOG.info("config files found again: {}", names(effective.files()));
            }
        }
        usingDefaults = defaults;
    }

    void policy(EffectiveConfig config, MasqPolicy policy) {
        String files = config.files().isEmpty() ? "defaults (no config files)" : names(config.files());
        LOG.info("using config {}: {} non-masquerade and {} masquerade CIDRs, resync every {}", files,
                policy.nonMasquerade().size(), policy.masquerade().size(), GoDuration.format(config.resyncInterval()));
        if (verbose) {
            LOG.info("policy: {}", policy);
        } else {
            LOG.debug("policy: {}", policy);
        }
    }

    /** File names as messages show them: bare, or quoted when one holds a character to escape. */
    private static String names(List<String> files) {
        return String.join(", ", files.stream().map(GoQuote::quoteIfNeeded).toList());
    }

    void policyRejected(IllegalArgumentException e) {
        LOG.error("Error syncing configuration: {}", e.getMessage());
    }

    void noValidConfig() {
        if (!noConfigSaid) {
            LOG.error("no valid configuration yet: applying nothing until the config is fixed");
        } else {
            LOG.debug("no valid configuration yet: applying nothing until the config is fixed");
        }
        noConfigSaid = true;
    }

    void keepingLastGood() {
        LOG.warn("configuration invalid: keeping the last good policy");
    }

    /** @param drift a write although the policy had not changed since the last successful sync */
    void synced(SyncResult result, boolean drift, int failuresEnded) {
        if (drift) {
            LOG.info("rules repaired (changed by someone else): {}", result.summary());
        } else if (result.changed()) {
            LOG.info("rules synced: {}", result.summary());
        } else {
            LOG.debug("rules in sync: {}", result.summary());
        }
        if (failuresEnded > 0) {
            LOG.info("sync succeeded again after {} failed attempt(s)", failuresEnded);
        }
        lastFailure = null;
    }

    /**
     * A failure at ERROR when it differs from the previous one, the same failure again at DEBUG; reaching
     * {@code maxFailures} in a row once: from then on the agent reports itself unhealthy.
     */
    void failed(String text, RuntimeException bug, int consecutive, int maxFailures) {
        String message = "Error syncing masquerade rules (" + text;
        if (!message.equals(lastFailure)) {
            LOG.error("{}; the rules in place stay in force", message, bug);
        } else {
            LOG.debug("{} (again)", message);
        }
        lastFailure = message;
        if (consecutive == maxFailures) {
            LOG.error("{} consecutive sync failures: reporting unhealthy until a sync succeeds", maxFailures);
        }
    }
}
