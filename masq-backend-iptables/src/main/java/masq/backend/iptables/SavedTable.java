package masq.backend.iptables;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One table of {@code iptables-save -t nat} output: chain names in printed order and, per chain, its
 * rules as the text after {@code -A <chain> } (verbatim, so a rule can be deleted with {@code -D}
 * exactly as printed). Comment lines, counters and other tables are ignored.
 */
record SavedTable(Map<String, List<String>> chains) {

    SavedTable {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        chains.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        chains = java.util.Collections.unmodifiableMap(copy);
    }

    /** Parses the {@code *table} section of iptables-save text; an absent section is an empty table. */
    static SavedTable parse(String saveOutput, String table) {
        Map<String, List<String>> chains = new LinkedHashMap<>();
        boolean inTable = false;
        // Line by line, not split(): a whole array of lines would double the peak for a large table.
        for (String line : (Iterable<String>) saveOutput.lines()::iterator) {
            if (line.startsWith("*")) {
                inTable = line.substring(1).strip().equals(table);
            } else if (!inTable || line.startsWith("#")) {
                continue;
            } else if (line.startsWith(":")) {
                int end = line.indexOf(' ');
                chains.putIfAbsent(line.substring(1, end < 0 ? line.length() : end), new ArrayList<>());
            } else if (line.startsWith("-A ")) {
                int end = line.indexOf(' ', 3);
                String chain = line.substring(3, end < 0 ? line.length() : end);
                chains.computeIfAbsent(chain, c -> new ArrayList<>()).add(end < 0 ? "" : line.substring(end + 1));
            } else if (line.equals("COMMIT")) {
                inTable = false;
            }
        }
        return new SavedTable(chains);
    }

    /**
     * Parses {@code iptables -S <chain>} listings ({@code -P}/{@code -N} declare a chain, {@code -A} lines
     * are the same text as in iptables-save): a partial view holding only the chains listed.
     */
    static SavedTable parseListing(String listing) {
        StringBuilder save = new StringBuilder("*nat\n");
        for (String line : listing.split("\n")) {
            if (line.startsWith("-P ") || line.startsWith("-N ")) {
                String name = line.substring(3).strip().split("\\s+", 2)[0];
                if (!name.isEmpty()) { // a line naming no chain declares none
                    save.append(':').append(name).append(" - [0:0]\n");
                }
            } else if (line.startsWith("-A ")) {
                save.append(line).append('\n');
            }
        }
        return parse(save.append("COMMIT\n").toString(), "nat");
    }

    /** This table with {@code chain} declared and holding no rules (whatever it held is to be rewritten whole). */
    SavedTable withEmptyChain(String chain) {
        Map<String, List<String>> copy = new LinkedHashMap<>(chains);
        copy.put(chain, List.of());
        return new SavedTable(copy);
    }

    boolean hasChain(String chain) {
        return chains.containsKey(chain);
    }

    List<String> rules(String chain) {
        return chains.getOrDefault(chain, List.of());
    }

    /** The comment of a rule, unescaped, if it has one. */
    static Optional<String> comment(String rule) {
        return RuleTokens.value(RuleTokens.split(rule), "--comment");
    }

    /** The jump target of a rule, if any. */
    static Optional<String> target(String rule) {
        return RuleTokens.value(RuleTokens.split(rule), "-j");
    }

    /** Rules in any chain (other than {@code except}) that jump to {@code chain}. */
    long referencesTo(String chain, String except) {
        return chains.entrySet().stream()
                .filter(e -> !e.getKey().equals(except))
                .flatMap(e -> e.getValue().stream())
                .filter(r -> target(r).filter(chain::equals).isPresent())
                .count();
    }
}
