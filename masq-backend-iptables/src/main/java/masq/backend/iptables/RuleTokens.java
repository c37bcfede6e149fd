package masq.backend.iptables;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits a rule spec the way iptables-restore does: blanks separate tokens, {@code "..."} groups one
 * token and {@code \"} inside it is a literal quote. Used to read {@code -j} and {@code --comment} out of
 * iptables-save lines; the lines themselves are kept verbatim for comparison and {@code -D}.
 */
final class RuleTokens {
    private RuleTokens() {
    }

    static List<String> split(String spec) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean inToken = false;
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if (quoted && c == '\\' && i + 1 < spec.length()) {
                cur.append(spec.charAt(++i));
            } else if (c == '"') {
                quoted = !quoted;
                inToken = true;
            } else if (!quoted && (c == ' ' || c == '\t')) {
                if (inToken) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inToken = false;
                }
            } else {
                cur.append(c);
                inToken = true;
            }
        }
        if (inToken) {
            out.add(cur.toString());
        }
        return out;
    }

    /** The value following {@code option} (e.g. {@code -j}, {@code --comment}), if present. */
    static Optional<String> value(List<String> tokens, String option) {
        int i = tokens.indexOf(option);
        return i >= 0 && i + 1 < tokens.size() ? Optional.of(tokens.get(i + 1)) : Optional.empty();
    }
}
