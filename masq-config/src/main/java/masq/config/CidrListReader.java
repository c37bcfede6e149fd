package masq.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import masq.api.Cidr;
import masq.api.ConfigProblem.Kind;
import masq.api.ConfigProblem.Origin;
import masq.api.GoQuote;
import masq.api.InvalidCidrException;
import masq.api.IpFamily;

/**
 * Reads one CIDR list key ({@code nonMasqueradeCIDRs} or {@code masqueradeCIDRs}) and checks every item. A bad
 * item repeated in the list (20 000 aliases to one string) is checked once and reported once, at its first
 * index, with the number of repeats.
 */
final class CidrListReader {
    private final String file;
    private final boolean enableIpv6;
    private final Problems problems;

    CidrListReader(String file, boolean enableIpv6, Problems problems) {
        this.file = file;
        this.enableIpv6 = enableIpv6;
        this.problems = problems;
    }

    /** An item as written: the map key under which repeats of a bad item are counted. */
    private record Item(boolean textual, String text) {
    }

    /** A bad item's first index and node (its problems are worked out again when reported), and its repeats. */
    private static final class Bad {
        final int first;
        final JsonNode node;
        int repeats;

        Bad(int first, JsonNode node) {
            this.first = first;
            this.node = node;
        }
    }

    /** One problem of an item; {@code value} as the origin shows it. */
    private record Finding(Kind kind, String value, String detail) {
    }

    /**
     * The valid items of a list; null (a key with nothing after it) is an empty list, as in the originals.
     * A non-list is reported and read as empty.
     */
    List<CidrEntry> read(String key, JsonNode node) {
        List<CidrEntry> entries = new ArrayList<>();
        if (node.isNull()) {
            return entries;
        }
        if (!node.isArray()) {
            problems.error(Kind.WRONG_TYPE, new Origin(file, key, NodeText.value(node)),
                    "expected a list of CIDR strings, got " + NodeText.typeName(node));
            return entries;
        }
        // Only the first index and a count per distinct bad item are held while reading, never a message each.
        Map<Item, Bad> bad = new LinkedHashMap<>();
        List<Finding> findings = new ArrayList<>(2);
        // Field paths built by hand: the JDK's string concatenation runs through method handles, which the
        // agent's C1-only JIT does not inline, and this loop runs for every item (10 000 per load).
        StringBuilder field = new StringBuilder(key.length() + 8).append(key).append('[');
        int fieldPrefix = field.length();
        for (int i = 0; i < node.size(); i++) {
            JsonNode itemNode = node.get(i);
            Item item = itemNode.isTextual() ? new Item(true, itemNode.asText()) : new Item(false, NodeText.value(itemNode));
            Bad seen = bad.isEmpty() ? null : bad.get(item);
            if (seen != null) {
                seen.repeats++;
                continue;
            }
            findings.clear();
            Cidr cidr = check(itemNode, findings);
            if (cidr != null) {
                field.setLength(fieldPrefix);
                entries.add(new CidrEntry(cidr, file, field.append(i).append(']').toString(), item.text()));
            } else {
                bad.put(item, new Bad(i, itemNode));
            }
        }
        for (Bad b : bad.values()) {
            findings.clear();
            check(b.node, findings);
            findings.forEach(f -> problems.error(f.kind(), new Origin(file, key + "[" + b.first + "]", f.value()),
                    f.detail() + (b.repeats == 0 ? "" : "; repeated at " + b.repeats + " more items of this list")));
        }
        return entries;
    }

    /** The item's CIDR, or null with its problems added to {@code findings}. */
    private Cidr check(JsonNode item, List<Finding> findings) {
        if (item.isNull() || (item.isTextual() && item.asText().isEmpty())) {
            // The original silently keeps the default's element here (10.0.0.0/8); an error is safer.
            findings.add(new Finding(Kind.EMPTY_ITEM, "", item.isNull()
                    ? "empty list item (a \"-\" with nothing after it); write a CIDR or remove the line"
                    : "empty string instead of a CIDR; write a CIDR or remove the item"));
            return null;
        }
        if (!item.isTextual()) {
            findings.add(new Finding(Kind.WRONG_TYPE, NodeText.value(item),
                    "expected a CIDR string such as \"10.0.0.0/8\", got " + NodeText.typeName(item)));
            return null;
        }
        return parse(item.asText(), findings);
    }

    /** The CIDR, or null with its problems added to {@code findings}. */
    private Cidr parse(String text, List<Finding> findings) {
        String shown = Problems.shown(text);
        Cidr cidr;
        try {
            cidr = Cidr.parse(text);
        } catch (InvalidCidrException e) {
            if (e.intendedNetwork().isEmpty()) {
                findings.add(new Finding(Kind.INVALID_CIDR, text,
                        "CIDR " + GoQuote.quote(shown) + " could not be parsed, invalid CIDR address: " + shown));
                return null;
            }
            findings.add(new Finding(Kind.HOST_BITS, text, e.getMessage()));
            checkFamily(e.intendedNetwork().get(), text, findings);
            return null;
        }
        checkFamily(cidr, text, findings);
        return findings.isEmpty() ? cidr : null;
    }

    private void checkFamily(Cidr cidr, String text, List<Finding> findings) {
        if (cidr.family() == IpFamily.IPV6 && !enableIpv6) {
            findings.add(new Finding(Kind.FAMILY_NOT_ENABLED, text, "ipv6 is not enabled, but ipv6 cidr " + text
                    + " provided. Enable ipv6 using --enable-ipv6 agent flag"));
        }
    }
}
