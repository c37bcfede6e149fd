package masq.app;

/** The agent cannot start as configured (no such backend, duplicate provider ids): exit status 1. */
final class StartupException extends Exception {
    private static final long serialVersionUID = 1L;

    StartupException(String message) {
        super(message);
    }

    StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
