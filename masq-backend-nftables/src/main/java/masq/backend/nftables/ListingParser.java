package masq.backend.nftables;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Parses the output of {@code nft list table <family> <name>} (nft's own listing format) into a
 * {@link Ruleset}. Only the structure is interpreted (table, set, chain blocks, element lists, rule
 * lines); rule lines are kept verbatim, so any change someone makes to a rule shows up as a difference.
 * Property lines we do not write (e.g. {@code auto-merge}, {@code counter}) are kept as set header
 * lines for the same reason.
 */
final class ListingParser {

    private ListingParser() {
    }

    /**
     * @throws IllegalArgumentException if the text is not one table listing
     */
    static Ruleset parse(String listing) {
        Optional<String> comment = Optional.empty();
        SortedMap<String, Ruleset.SetState> sets = new TreeMap<>();
        SortedMap<String, Ruleset.ChainState> chains = new TreeMap<>();
        List<String> lines = listing.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty() || !lines.getFirst().startsWith("table ") || !lines.getFirst().endsWith("{")) {
            throw new IllegalArgumentException("not a table listing: " + listing.lines().findFirst().orElse(""));
        }
        int i = 1;
        while (i < lines.size() && !lines.get(i).equals("}")) {
            String line = at(lines, i);
            if (line.startsWith("comment ")) {
                comment = Optional.of(unquote(line.substring("comment ".length())));
                i++;
            } else if (line.startsWith("set ") && line.endsWith("{")) {
                String name = blockName(line, "set ");
                List<String> header = new ArrayList<>();
                TreeSet<String> elements = new TreeSet<>();
                i++;
                while (!at(lines, i).equals("}")) {
                    String l = at(lines, i);
                    if (l.startsWith("elements = {")) {
                        StringBuilder all = new StringBuilder(l.substring("elements = {".length()));
                        // Lines are stripped and not blank: the text ends in "}" exactly when the last piece does
                        // (testing the whole text instead copied it once per line: quadratic at 10 000 elements).
                        String last = all.toString().strip();
                        while (!last.endsWith("}")) {
                            last = at(lines, ++i);
                            all.append(' ').append(last);
                        }
                        String body = all.toString().strip();
                        for (String e : body.substring(0, body.length() - 1).split(",")) {
                            if (!e.isBlank()) {
                                elements.add(Ruleset.normaliseElement(e.strip()));
                            }
                        }
                    } else {
                        header.add(l);
                    }
                    i++;
                }
                sets.put(name, new Ruleset.SetState(header, elements));
                i++;
            } else if (line.startsWith("chain ") && line.endsWith("{")) {
                String name = blockName(line, "chain ");
                Optional<String> base = Optional.empty();
                List<String> rules = new ArrayList<>();
                i++;
                if (at(lines, i).startsWith("type ")) {
                    base = Optional.of(at(lines, i++));
                }
                while (!at(lines, i).equals("}")) {
                    rules.add(at(lines, i++));
                }
                chains.put(name, new Ruleset.ChainState(base, rules));
                i++;
            } else {
                throw new IllegalArgumentException("unexpected line in table listing: " + line);
            }
        }
        return new Ruleset(comment, sets, chains);
    }

    /** Line {@code i}; a listing that ends inside a block is not one table listing. */
    private static String at(List<String> lines, int i) {
        if (i >= lines.size()) {
            throw new IllegalArgumentException("table listing ends inside a block (" + lines.size() + " lines)");
        }
        return lines.get(i);
    }

    private static String blockName(String line, String keyword) {
        return line.substring(keyword.length(), line.length() - 1).strip();
    }

    private static String unquote(String quoted) {
        return quoted.length() >= 2 && quoted.startsWith("\"") && quoted.endsWith("\"")
                ? quoted.substring(1, quoted.length() - 1) : quoted;
    }
}
