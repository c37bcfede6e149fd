package masq.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import masq.api.Cidr;
import masq.api.ConfigProblem.Kind;
import masq.api.ConfigProblem.Origin;
import masq.api.GoQuote;
import masq.api.IpFamily;
import masq.api.InvalidCidrException;

/** Reads one CIDR list key ({@code nonMasqueradeCIDRs} or {@code masqueradeCIDRs}) and checks every item. */
final class CidrListReader {
    private final String file;
    private final boolean enableIpv6;
    private final Problems problems;

    CidrListReader(String file, boolean enableIpv6, Problems problems) {
        this.file = file;
        this.enableIpv6 = enableIpv6;
        this.problems = problems;
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
        for (int i = 0; i < node.size(); i++) {
            String field = key + "[" + i + "]";
            JsonNode item = node.get(i);
            if (item.isNull() || (item.isTextual() && item.asText().isEmpty())) {
                // The original silently keeps the default's element here (10.0.0.0/8); an error is safer.
                problems.error(Kind.EMPTY_ITEM, new Origin(file, field, ""), item.isNull()
                        ? "empty list item (a \"-\" with nothing after it); write a CIDR or remove the line"
                        : "empty string instead of a CIDR; write a CIDR or remove the item");
            } else if (!item.isTextual()) {
                problems.error(Kind.WRONG_TYPE, new Origin(file, field, NodeText.value(item)),
                        "expected a CIDR string such as \"10.0.0.0/8\", got " + NodeText.typeName(item));
            } else {
                parse(field, item.asText()).ifPresent(entries::add);
            }
        }
        return entries;
    }

    private Optional<CidrEntry> parse(String field, String text) {
        Origin origin = new Origin(file, field, text);
        Cidr cidr;
        try {
            cidr = Cidr.parse(text);
        } catch (InvalidCidrException e) {
            if (e.intendedNetwork().isEmpty()) {
                problems.error(Kind.INVALID_CIDR, origin,
                        "CIDR " + GoQuote.quote(text) + " could not be parsed, invalid CIDR address: " + text);
                return Optional.empty();
            }
            problems.error(Kind.HOST_BITS, origin, e.getMessage());
            checkFamily(origin, e.intendedNetwork().get(), text);
            return Optional.empty();
        }
        return checkFamily(origin, cidr, text)
                ? Optional.of(new CidrEntry(cidr, file, field, text))
                : Optional.empty();
    }

    private boolean checkFamily(Origin origin, Cidr cidr, String text) {
        if (cidr.family() == IpFamily.IPV6 && !enableIpv6) {
            problems.error(Kind.FAMILY_NOT_ENABLED, origin, "ipv6 is not enabled, but ipv6 cidr " + text
                    + " provided. Enable ipv6 using --enable-ipv6 agent flag");
            return false;
        }
        return true;
    }
}
