package masq.api.spi;

import java.util.Objects;

/**
 * The outcome of one successful {@link FirewallBackend#sync} or {@link FirewallBackend#cleanup}.
 *
 * @param changed true if and only if anything was written to the kernel (for cleanup: anything was
 *                removed). Exact, never a guess: the agent tells a first apply, a policy change and a
 *                repair of someone else's edit (drift) apart by it, logs each and counts drift repairs
 *                in a metric (see {@link FirewallBackend#sync}).
 * @param summary one line for the log, e.g. {@code "IPv4: chain rewritten (5 rules), 1 stale jump removed"}
 */
public record SyncResult(boolean changed, String summary) {
    public SyncResult {
        Objects.requireNonNull(summary, "summary");
    }

    /** What {@link FirewallBackend#sync} returns when the kernel already matched: nothing written. */
    public static SyncResult unchanged() {
        return new SyncResult(false, "in sync");
    }

    /** What {@link FirewallBackend#cleanup} returns when there was nothing of ours to remove. */
    public static SyncResult nothingRemoved() {
        return new SyncResult(false, "nothing to remove");
    }
}
