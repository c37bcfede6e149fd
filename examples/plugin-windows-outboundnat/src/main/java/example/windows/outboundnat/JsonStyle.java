package example.windows.outboundnat;

/**
 * How a JSON file is laid out, detected from its text so a rewrite keeps the author's conventions.
 *
 * @param indent          one level of indentation ({@code "  "}, {@code "    "}, {@code "\t"}), or
 *                        {@code ""} for a file written on one line
 * @param spaceBeforeColon whether names are followed by a space before the colon ({@code "a" : 1})
 * @param spaceAfterColon  whether the colon is followed by a space ({@code "a": 1} vs {@code "a":1})
 * @param newline         {@code "\n"} or {@code "\r\n"}
 * @param finalNewline    whether the text ends with a newline
 */
record JsonStyle(String indent, boolean spaceBeforeColon, boolean spaceAfterColon, String newline,
                 boolean finalNewline) {

    /** Detects the style of {@code text}; the first indented line and the first name separator decide. */
    static JsonStyle detect(String text) {
        String newline = text.contains("\r\n") ? "\r\n" : "\n";
        boolean finalNewline = text.endsWith("\n");
        String indent = "";
        for (String line : text.split("\r?\n")) {
            int i = 0;
            while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
                i++;
            }
            if (i > 0 && i < line.length()) {
                indent = line.substring(0, i);
                break;
            }
        }
        int colon = firstColonOutsideStrings(text);
        boolean before = colon > 0 && Character.isWhitespace(text.charAt(colon - 1));
        boolean after = colon >= 0 && colon + 1 < text.length() && Character.isWhitespace(text.charAt(colon + 1));
        if (colon < 0) {
            after = !indent.isEmpty(); // no object with members: pick the common style
        }
        return new JsonStyle(indent, before, after, newline, finalNewline);
    }

    private static int firstColonOutsideStrings(String text) {
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == ':') {
                return i;
            }
        }
        return -1;
    }

    boolean multiline() {
        return !indent.isEmpty();
    }
}
