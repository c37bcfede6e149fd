package example.windows.outboundnat;

/** The CNI config file cannot be used: its message names the file and, where it applies, the field. */
final class CniConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    CniConfigException(String message) {
        super(message);
    }
}
