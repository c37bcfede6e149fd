package masq.app;

/** The agent's exit statuses: as Go programs and their flag package use them. */
final class ExitStatus {
    /** Done; for {@code run}, also stopped by SIGTERM/SIGINT. */
    static final int OK = 0;
    /** Invalid config, a failed sync or cleanup, a start-up error. */
    static final int FAILED = 1;
    /** A bad command line. */
    static final int USAGE = 2;

    private ExitStatus() {
    }
}
