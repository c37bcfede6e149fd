package masq.app.cli;

/**
 * Go's {@code strconv.ParseBool}, for boolean flags. Durations and {@code %q} quoting are
 * {@link masq.api.GoDuration} and {@link masq.api.GoQuote}, shared with the config engine.
 */
final class GoBool {
    private GoBool() {
    }

    /** strconv.ParseBool: 1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False; else null. */
    static Boolean parse(String s) {
        return switch (s) {
            case "1", "t", "T", "TRUE", "true", "True" -> Boolean.TRUE;
            case "0", "f", "F", "FALSE", "false", "False" -> Boolean.FALSE;
            default -> null;
        };
    }
}
