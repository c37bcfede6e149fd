package masq.app.cli;

/** The agent's exit statuses: as Go programs and their flag package use them. */
public final class ExitStatus {
    /** Done; for {@code run}, also stopped by SIGTERM/SIGINT. */
    public static final int OK = 0;
    /** Invalid config, a failed sync or cleanup, a start-up error. */
    public static final int FAILED = 1;
    /** A bad command line. */
    public static final int USAGE = 2;

    private ExitStatus() {
    }
}
