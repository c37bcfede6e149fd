package masq.api.spi;

import java.util.Objects;

/**
 * A backend operation failed. The message reads {@code failed to <verb> <object>: <cause>} and keeps the
 * tool's own error text; {@link #reason()} is a small closed classification for logs and retries (the
 * agent prints it in parentheses, e.g. {@code Error syncing masquerade rules (LOCKED): ...}). Whatever
 * the reason, a failed sync is retried with backoff and the previous rules stay in force.
 */
public final class BackendException extends Exception {
    private static final long serialVersionUID = 1L;

    private final Reason reason;

    public BackendException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public BackendException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }

    /** Why it failed. */
    public enum Reason {
        /** A tool or library the backend needs is missing. */
        UNAVAILABLE,
        /** Something expected in the kernel is not there (chain, table). */
        NOT_FOUND,
        /** Something to be created already exists. */
        ALREADY_EXISTS,
        /** The kernel or tool rejected the payload. */
        REJECTED,
        /** A lock (e.g. the xtables lock) was held by someone else for too long. */
        LOCKED,
        /** The tool did not answer in time. */
        TIMEOUT,
        /**
         * Anything else, including a wrong backend option (unknown key, invalid value, missing required
         * option) refused by {@link FirewallBackendProvider#create}: the message says which and why.
         */
        FAILED
    }
}
