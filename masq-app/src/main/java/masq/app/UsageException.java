package masq.app;

/** Bad command line: the message names the flag or argument; the agent exits with status 2, like Go's flag package. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
