package masq.app.foreign;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import masq.api.MasqPolicy;
import masq.app.sync.LoopEvent;
import masq.app.sync.LoopListener;
import masq.app.sync.SyncOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks for other masquerade rules after a sync that left our rules in force, on the sync thread: a warning per
 * rule that masquerades destinations we exempt, once per distinct set of findings (again when it changes), and
 * the counts by kind for the metric. Never writes: it only reads through the {@link NatReader}.
 *
 * <p>A reading costs three tool runs (tens of milliseconds, a process start each), so it is not taken at every
 * resync: at the first sync in force, when the policy changed, when our rules had drifted (someone rewrote the
 * nat rules), and otherwise at most once per {@link #EVERY}. A foreign rule added in between is seen within
 * that time (docs/troubleshooting.md).
 */
public final class ForeignWatch implements LoopListener {
    private static final Logger LOG = LoggerFactory.getLogger(ForeignWatch.class);

    private final NatReader reader;
    private final Optional<String> ours;
    private final Consumer<Map<String, Long>> counts;
    private final Clock clock;
    private List<Finding> last = List.of();
    private String lastError;
    private MasqPolicy lastPolicy;
    private Instant lastRead;

    /** The longest time between two readings while nothing of ours changes. */
    public static final Duration EVERY = Duration.ofMinutes(5);

    /**
     * @param reader reads the node's nat rules
     * @param ours   the ruleset our backend writes, empty for none (dryrun)
     * @param counts receives the conflicting rules by {@link ForeignKind#label()}, every kind present
     * @param clock  when the last reading was taken
     */
    public ForeignWatch(NatReader reader, Optional<String> ours, Consumer<Map<String, Long>> counts, Clock clock) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.ours = ours;
        this.counts = counts;
        this.clock = clock;
    }

    /** Every kind at 0: the metric's series exist from the start. */
    public static Map<String, Long> none() {
        return count(List.of());
    }

    @Override
    public void on(LoopEvent event) {
        if (event instanceof SyncOutcome.InForce inForce && due(inForce)) {
            check(inForce.policy());
        }
    }

    private boolean due(SyncOutcome.InForce inForce) {
        Instant now = clock.instant();
        // The loop hands over the same policy object while the config is unchanged: identity is the cheap test.
        boolean due = lastRead == null || inForce.policy() != lastPolicy || inForce.drift()
                || !now.isBefore(lastRead.plus(EVERY));
        if (due) {
            lastRead = now;
            lastPolicy = inForce.policy();
        }
        return due;
    }

    void check(MasqPolicy policy) {
        List<Finding> found;
        try {
            found = ForeignRules.read(reader, ours, policy.families()).findings(policy);
        } catch (IOException | RuntimeException e) {
            String error = e.toString();
            if (!error.equals(lastError)) {
                LOG.warn("cannot read the node's nat rules to look for other masquerade rules: {}", error);
                lastError = error;
            }
            return;
        }
        lastError = null;
        if (!found.equals(last)) {
            report(found);
            last = found;
        }
        counts.accept(count(found));
    }

    private void report(List<Finding> found) {
        found.stream().filter(Finding::conflict).forEach(f -> LOG.warn("foreign masquerade rule: {}", f.consequence()));
        found.stream().filter(f -> !f.conflict()).forEach(f -> LOG.info("foreign masquerade rule: {}", f.consequence()));
        if (found.stream().noneMatch(Finding::conflict) && last.stream().anyMatch(Finding::conflict)) {
            LOG.info("no foreign masquerade rule masquerades a destination we exempt any more");
        }
    }

    private static Map<String, Long> count(List<Finding> found) {
        Map<ForeignKind, Long> byKind = new EnumMap<>(ForeignKind.class);
        for (ForeignKind k : ForeignKind.values()) {
            byKind.put(k, found.stream().filter(f -> f.conflict() && f.kind() == k).count());
        }
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        byKind.forEach((k, n) -> out.put(k.label(), n));
        return out;
    }
}
