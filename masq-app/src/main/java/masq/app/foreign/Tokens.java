package masq.app.foreign;

import java.util.ArrayList;
import java.util.List;

/** Splits a rule the way iptables-restore and nft read it: blanks separate, {@code "..."} groups ({@code \"} inside). */
final class Tokens {
    private Tokens() {
    }

    static List<String> split(String rule) {
        List<String> out = new ArrayList<>();
        StringBuilder token = null;
        boolean quoted = false;
        for (int i = 0; i < rule.length(); i++) {
            char c = rule.charAt(i);
            if (!quoted && Character.isWhitespace(c)) {
                if (token != null) {
                    out.add(token.toString());
                    token = null;
                }
                continue;
            }
            token = token == null ? new StringBuilder() : token;
            if (quoted && c == '\\' && i + 1 < rule.length()) {
                token.append(rule.charAt(++i));
            } else if (c == '"') {
                quoted = !quoted;
            } else {
                token.append(c);
            }
        }
        if (token != null) {
            out.add(token.toString());
        }
        return out;
    }
}
