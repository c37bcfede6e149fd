package masq.backend.nftables;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import masq.api.Cidr;
import masq.api.IpAddress;

/**
 * The canonical content of our table, for drift detection: what we want (built from the objects we would
 * add) and what the kernel has (parsed from {@code nft list table} by {@link ListingParser}) compare equal
 * exactly when nothing needs writing. Set elements are a sorted set (the kernel keeps interval sets
 * sorted and prints a /32 or /128 as a bare address); rules keep their order.
 *
 * @param comment the table's comment
 * @param sets    sets by name
 * @param chains  chains by name
 */
record Ruleset(Optional<String> comment, SortedMap<String, SetState> sets, SortedMap<String, ChainState> chains) {

    Ruleset {
        sets = new TreeMap<>(sets);
        chains = new TreeMap<>(chains);
    }

    /**
     * A set's canonical content.
     *
     * @param header   type, flags, comment and any other property line, in nft's listing form
     * @param elements normalised element texts
     */
    record SetState(List<String> header, SortedSet<String> elements) {
        SetState {
            header = List.copyOf(header);
            elements = new TreeSet<>(elements);
        }
    }

    /**
     * A chain's canonical content.
     *
     * @param base  the base-chain line, or empty for a regular chain
     * @param rules the rules as nft prints them (body, then {@code comment "..."})
     */
    record ChainState(Optional<String> base, List<String> rules) {
        ChainState {
            rules = List.copyOf(rules);
        }
    }

    /**
     * The content that adding {@code objects} (all of one table) to an empty table produces. Their set
     * elements must be canonical texts, as {@link NftRenderer} writes them ({@link masq.api.Cidr#toString()}).
     */
    static Ruleset of(List<NftObject> objects) {
        Optional<String> comment = Optional.empty();
        Map<String, List<String>> setHeaders = new TreeMap<>();
        Map<String, SortedSet<String>> elements = new TreeMap<>();
        Map<String, Optional<String>> bases = new TreeMap<>();
        Map<String, List<String>> rules = new TreeMap<>();
        for (NftObject o : objects) {
            switch (o) {
                case NftObject.Table t -> comment = t.comment();
                case NftObject.NftSet s -> {
                    List<String> h = new ArrayList<>();
                    h.add("type " + s.type());
                    if (!s.flags().isEmpty()) {
                        h.add("flags " + String.join(",", s.flags()));
                    }
                    s.comment().ifPresent(c -> h.add("comment " + NftSyntax.quote(c)));
                    setHeaders.put(s.name(), h);
                    // Our objects hold canonical texts (Cidr#toString): only listings need normalising.
                    elements.computeIfAbsent(s.name(), k -> new TreeSet<>()).addAll(s.elements());
                }
                case NftObject.Element e -> elements.computeIfAbsent(e.set(), k -> new TreeSet<>()).addAll(e.values());
                case NftObject.Chain c -> {
                    bases.put(c.name(), c.base());
                    rules.putIfAbsent(c.name(), new ArrayList<>());
                }
                case NftObject.Rule r -> rules.computeIfAbsent(r.chain(), k -> new ArrayList<>()).add(ruleText(r));
            }
        }
        SortedMap<String, SetState> sets = new TreeMap<>();
        setHeaders.forEach((name, h) -> sets.put(name, new SetState(h, elements.get(name))));
        SortedMap<String, ChainState> chains = new TreeMap<>();
        bases.forEach((name, base) -> chains.put(name, new ChainState(base, rules.get(name))));
        return new Ruleset(comment, sets, chains);
    }

    /** How nft prints a rule in a listing. */
    static String ruleText(NftObject.Rule r) {
        return r.body() + r.comment().map(c -> " comment " + NftSyntax.quote(c)).orElse("");
    }

    /** {@code 10.0.0.1} and {@code 10.0.0.1/32} are the same element; anything else is kept as printed. */
    static String normaliseElement(String text) {
        try {
            if (text.indexOf('/') >= 0) {
                return Cidr.parse(text).toString();
            }
            IpAddress a = IpAddress.parse(text);
            return new Cidr(a, a.family().bits()).toString();
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    /** Number of set elements, for summaries. */
    int elementCount() {
        return sets.values().stream().mapToInt(s -> s.elements().size()).sum();
    }
}
