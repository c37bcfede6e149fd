package masq.app.sync;

import java.util.List;
import masq.api.ConfigProblem;

/**
 * What the sync loop tells the rest of the agent, in this order per iteration: {@link Started} (from
 * {@link SyncLoop#run}, not from a lone {@link SyncLoop#syncOnce}), {@link ConfigLoaded}, then the
 * iteration's {@link SyncOutcome}. Health, metrics and the run's lifecycle read these values; the loop knows
 * nothing about HTTP or Prometheus.
 */
public sealed interface LoopEvent permits LoopEvent.Started, LoopEvent.ConfigLoaded, SyncOutcome {

    /**
     * An iteration starts.
     *
     * @param trigger why it runs: start, periodic resync, config change, external change, retry, signal
     */
    record Started(Trigger trigger) implements LoopEvent {
    }

    /**
     * The iteration's config load finished; its sync (if any) follows.
     *
     * @param problems      every problem found (errors and warnings)
     * @param valid         whether the config was usable
     * @param policyChanged whether its policy differs from the last good one
     */
    record ConfigLoaded(List<ConfigProblem> problems, boolean valid, boolean policyChanged) implements LoopEvent {
        public ConfigLoaded {
            problems = List.copyOf(problems);
        }
    }
}
