package masq.app.cli;

/** Bad command line: the message names the flag or argument; the agent exits with status 2, like Go's flag package. */
public final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
