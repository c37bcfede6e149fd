package masq.app.platform;

/** The agent cannot start as configured (no such backend, duplicate provider ids): exit status 1. */
public final class StartupException extends Exception {
    private static final long serialVersionUID = 1L;

    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
