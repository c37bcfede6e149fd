package masq.fuzz;

import java.util.function.Supplier;

/**
 * Invariant checks: a broken one is a finding (an {@link AssertionError}, which Jazzer reports with the input).
 * Messages are built only on failure: the checks run hundreds of thousands of times a minute.
 */
public final class Check {
    private Check() {
    }

    public static void that(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }

    public static void that(boolean condition, Supplier<String> what) {
        if (!condition) {
            throw new AssertionError(what.get());
        }
    }

    /**
     * No character that could end, split or hide a line in a log or a terminal: C0 and C1 controls, DEL,
     * the Unicode line and paragraph separators, bidi overrides.
     */
    public static void oneLine(String text, String what) {
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch < 0x20 || (ch >= 0x7f && ch <= 0x9f) || ch == '\u2028' || ch == '\u2029'
                    || (ch >= '\u202a' && ch <= '\u202e') || (ch >= '\u2066' && ch <= '\u2069')) {
                throw new AssertionError(what + " holds character U+" + String.format("%04X", (int) ch) + " at " + i
                        + ": " + text.substring(0, Math.min(text.length(), 300)));
            }
        }
    }
}
