package masq.api;

import java.nio.charset.StandardCharsets;

/**
 * Go's quoting, implemented once for every module: {@code %q} ({@code strconv.Quote}) for values in messages
 * and flags, so no control character from a file name, key or value reaches a log line or a terminal as it
 * is, and the {@code time} package's quoting for its duration messages ({@link GoDuration}).
 */
public final class GoQuote {
    private static final String HEX = "0123456789abcdef";

    private GoQuote() {
    }

    /**
     * Go's {@code %q} ({@code strconv.Quote}): double quotes; {@code "} and {@code \} escaped; printable
     * characters as they are; {@code \a \b \f \n \r \t \v}; other control characters as {@code \xNN};
     * any other character that is not printable (format characters such as U+200B or U+202E, separators
     * other than the space, unassigned code points, lone surrogates) as {@code \}{@code uNNNN} or
     * {@code \UNNNNNNNN}.
     */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        appendEscaped(sb, s, true);
        return sb.append('"').toString();
    }

    /**
     * {@code s} as it is when {@link #quote} would only add the quotes, else {@code quote(s)}: for names in
     * messages (file names, keys as written), shown bare unless they hold something to escape.
     */
    public static String quoteIfNeeded(String s) {
        String quoted = quote(s);
        return quoted.length() == s.length() + 2 ? s : quoted;
    }

    /**
     * {@code s} with every character {@link #quote} escapes escaped the same way, except {@code "} and
     * {@code \}: for free text (a message) that must stay on one line and hold no control character.
     */
    public static String escapeControls(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c) || !isPrint(c)) {
                StringBuilder sb = new StringBuilder(s.length() + 16);
                appendEscaped(sb, s, false);
                return sb.toString();
            }
        }
        return s;
    }

    private static void appendEscaped(StringBuilder sb, String s, boolean quotes) {
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            if (quotes && (c == '"' || c == '\\')) {
                sb.append('\\').appendCodePoint(c);
            } else if (isPrint(c)) {
                sb.appendCodePoint(c);
            } else {
                sb.append(switch (c) {
                    case 0x07 -> "\\a";
                    case '\b' -> "\\b";
                    case '\f' -> "\\f";
                    case '\n' -> "\\n";
                    case '\r' -> "\\r";
                    case '\t' -> "\\t";
                    case 0x0b -> "\\v";
                    default -> c < ' ' || c == 0x7f ? "\\x" + hex(c, 2) : c < 0x10000 ? "\\u" + hex(c, 4) : "\\U" + hex(c, 8);
                });
            }
        }
    }

    /** Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    private static boolean isPrint(int c) {
        if (c < 0x80) {
            return c >= ' ' && c < 0x7f;
        }
        return switch (Character.getType(c)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
                 Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER,
                 Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.CONNECTOR_PUNCTUATION,
                 Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
                 Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
                 Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }

    /**
     * The {@code time} package's quoting in its messages: control characters and every non-ASCII character
     * as the {@code \xNN} of its UTF-8 bytes ({@code "µs"} is {@code "\xc2\xb5s"}).
     */
    static String timeQuote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            if (c >= 0x80 || c < ' ') {
                for (byte b : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8)) {
                    sb.append("\\x").append(hex(b & 0xff, 2));
                }
            } else {
                sb.append(c == '"' || c == '\\' ? "\\" : "").append((char) c);
            }
        }
        return sb.append('"').toString();
    }

    private static String hex(int v, int width) {
        String h = Integer.toHexString(v);
        return "0".repeat(Math.max(0, width - h.length())) + h;
    }
}
