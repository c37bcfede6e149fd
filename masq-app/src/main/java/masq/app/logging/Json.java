package masq.app.logging;

import masq.api.GoQuote;

/** JSON string quoting for the few small documents the agent writes (check/explain output, JSON logs). */
public final class Json {
    private Json() {
    }

    /** {@code s} as a JSON string literal, quotes included. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    // JSON only demands escaping below 0x20; DEL, C1 controls, line/paragraph separators,
                    // bidi and other format characters are escaped too, so no log reader renders them.
                    if (c < 0x20 || (c >= 0x7f && GoQuote.escapeControls(String.valueOf(c)).length() > 1)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
