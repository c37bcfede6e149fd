package masq.api.spi;

import java.util.Objects;

/**
 * The outcome of one successful {@link FirewallBackend#sync} or {@link FirewallBackend#cleanup}.
 *
 * @param changed true when anything was written to the kernel (for cleanup: anything was removed)
 * @param summary one line for the log, e.g. {@code "IPv4: chain rewritten (5 rules), 1 stale jump removed"}
 */
public record SyncResult(boolean changed, String summary) {
    public SyncResult {
        Objects.requireNonNull(summary, "summary");
    }

    public static SyncResult unchanged() {
        return new SyncResult(false, "in sync");
    }

    /** What {@link FirewallBackend#cleanup} returns when there was nothing of ours to remove. */
    public static SyncResult nothingRemoved() {
        return new SyncResult(false, "nothing to remove");
    }
}
