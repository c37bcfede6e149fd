package masq.app.sync;

/** Why the sync loop ran an iteration; told as {@link LoopEvent.Started} (metrics, health, logs). */
public enum Trigger {
    /** The first iteration after start-up. */
    START,
    /** The resync interval passed: heals drift even when nothing announced a change. */
    PERIODIC,
    /** The config directory changed (a kubelet {@code ..data} swap, an edited file, the directory appeared or went). */
    CONFIG_CHANGED,
    /** The backend saw someone else change its rules ({@code FirewallBackend.watchExternalChanges}). */
    EXTERNAL_CHANGE,
    /** The previous sync failed; this is a retry after the backoff delay. */
    RETRY,
    /** SIGHUP or SIGUSR1 asked for a sync now. */
    SIGNAL
}
