package masq.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import masq.api.ConfigProblem.Kind;
import masq.api.ConfigProblem.Origin;
import masq.api.GoDuration;
import masq.api.GoQuote;

/**
 * Walks one document's top-level mapping: matches keys case-insensitively as Go's {@code encoding/json} does
 * ({@link KeyFolding}),
 * checks every value's type and content, and reports each problem with its field path and value as written.
 */
final class FragmentReader {
    static final String NON_MASQUERADE = "nonMasqueradeCIDRs";
    static final String MASQUERADE = "masqueradeCIDRs";
    static final String MASQ_LINK_LOCAL = "masqLinkLocal";
    static final String MASQ_LINK_LOCAL_IPV6 = "masqLinkLocalIPv6";
    static final String CIDR_LIMIT = "cidrLimit";
    static final String RESYNC_INTERVAL = "resyncInterval";
    static final int DEFAULT_CIDR_LIMIT = 64;
    private static final List<String> KEYS =
            List.of(NON_MASQUERADE, MASQUERADE, MASQ_LINK_LOCAL, MASQ_LINK_LOCAL_IPV6, CIDR_LIMIT, RESYNC_INTERVAL);

    private final String file;
    private final Problems problems;
    private final CidrListReader cidrs;

    FragmentReader(String file, boolean enableIpv6, Problems problems) {
        this.file = file;
        this.problems = problems;
        this.cidrs = new CidrListReader(file, enableIpv6, problems);
    }

    Fragment read(ObjectNode root) {
        Map<String, Map.Entry<String, JsonNode>> keys = matchKeys(root);
        Optional<List<CidrEntry>> nonMasq = Optional.ofNullable(keys.get(NON_MASQUERADE))
                .map(e -> cidrs.read(e.getKey(), e.getValue()));
        List<CidrEntry> masq = Optional.ofNullable(keys.get(MASQUERADE))
                .map(e -> cidrs.read(e.getKey(), e.getValue())).orElse(List.of());
        checkLimit(keys);
        return new Fragment(file, nonMasq, masq, bool(keys.get(MASQ_LINK_LOCAL)),
                bool(keys.get(MASQ_LINK_LOCAL_IPV6)), duration(keys.get(RESYNC_INTERVAL)));
    }

    /** Known key (canonical spelling) to (key as written, value); the last of case-variants wins, as in Go. */
    private Map<String, Map.Entry<String, JsonNode>> matchKeys(ObjectNode root) {
        Map<String, Map.Entry<String, JsonNode>> matched = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            String written = field.getKey();
            Optional<String> known = KEYS.stream().filter(k -> KeyFolding.matches(k, written)).findFirst();
            String nonAscii = KeyFolding.nonAscii(written);
            if (known.isEmpty()) {
                // An empty key leaves the field empty (which reads as "the whole file"): the detail names it.
                problems.warning(Kind.UNKNOWN_KEY, new Origin(file, written, ""),
                        (written.isEmpty() ? "unknown key \"\" (the empty string)" : "unknown key")
                        + ", ignored (known keys: " + String.join(", ", KEYS) + ")"
                        + (nonAscii.isEmpty() ? "" : "; it holds non-ASCII characters (" + nonAscii + ")"));
                continue;
            }
            if (!nonAscii.isEmpty()) {
                problems.warning(Kind.UNKNOWN_KEY, new Origin(file, written, ""), "read as " + known.get()
                        + " although it holds non-ASCII look-alike characters (" + nonAscii
                        + "), as Go's encoding/json folds them; write the key in ASCII");
            }
            Map.Entry<String, JsonNode> earlier = matched.put(known.get(), Map.entry(written, field.getValue()));
            if (earlier != null) {
                problems.warning(Kind.DUPLICATE, new Origin(file, written, ""), "key " + known.get()
                        + " is given twice (also as " + GoQuote.quoteIfNeeded(earlier.getKey()) + "); the last one is used");
            }
        }
        return matched;
    }

    /**
     * For a document read without any problem: its {@code cidrLimit} and the items of its two CIDR lists,
     * which {@link ItemSplice} needs to check the limit again after an edit.
     */
    static ItemSplice.Limit limitOf(String file, ObjectNode root) {
        FragmentReader reader = new FragmentReader(file, false, new Problems());
        Map<String, Map.Entry<String, JsonNode>> keys = reader.matchKeys(root);
        int limit = keys.containsKey(CIDR_LIMIT) ? reader.cidrLimit(keys.get(CIDR_LIMIT)).orElse(-1) : DEFAULT_CIDR_LIMIT;
        return new ItemSplice.Limit(limit, itemCount(keys.get(NON_MASQUERADE)) + itemCount(keys.get(MASQUERADE)));
    }

    /** cidrLimit counts the items written in this file's two CIDR lists (valid or not); defaults never count. */
    private void checkLimit(Map<String, Map.Entry<String, JsonNode>> keys) {
        Optional<Integer> limit = keys.containsKey(CIDR_LIMIT) ? cidrLimit(keys.get(CIDR_LIMIT))
                : Optional.of(DEFAULT_CIDR_LIMIT);
        int count = itemCount(keys.get(NON_MASQUERADE)) + itemCount(keys.get(MASQUERADE));
        if (limit.isPresent() && count > limit.get()) {
            problems.error(Kind.TOO_MANY, new Origin(file, "", ""), "the daemon can only accept up to "
                    + limit.get() + " CIDRs (excluding link-local), but got " + count
                    + " CIDRs (excluding link local); cidrLimit counts the items of nonMasqueradeCIDRs"
                    + " and masqueradeCIDRs in this file");
        }
    }

    private static int itemCount(Map.Entry<String, JsonNode> key) {
        return key != null && key.getValue().isArray() ? key.getValue().size() : 0;
    }

    /** The limit, or empty when it is unusable (reported) or null (the default applies). */
    private Optional<Integer> cidrLimit(Map.Entry<String, JsonNode> key) {
        JsonNode node = key.getValue();
        Origin origin = new Origin(file, key.getKey(), NodeText.value(node));
        if (node.isNull()) {
            return Optional.of(DEFAULT_CIDR_LIMIT);
        }
        if (!node.isIntegralNumber()) {
            problems.error(Kind.WRONG_TYPE, origin, "expected a whole number, got " + NodeText.typeName(node));
            return Optional.empty();
        }
        if (!node.canConvertToInt() || node.intValue() < 0) {
            problems.error(Kind.INVALID_VALUE, origin, "must be a whole number from 0 to " + Integer.MAX_VALUE);
            return Optional.empty();
        }
        return Optional.of(node.intValue());
    }

    /** A boolean; null means "not set" (Go's encoding/json leaves a bool untouched for null). */
    private Optional<Setting<Boolean>> bool(Map.Entry<String, JsonNode> key) {
        if (key == null || key.getValue().isNull()) {
            return Optional.empty();
        }
        JsonNode node = key.getValue();
        Origin origin = new Origin(file, key.getKey(), NodeText.value(node));
        if (!node.isBoolean()) {
            problems.error(Kind.WRONG_TYPE, origin, "expected a boolean (true or false), got "
                    + NodeText.typeName(node) + (node.isTextual() ? "; write true or false without quotes" : ""));
            return Optional.empty();
        }
        return Optional.of(new Setting<>(node.booleanValue(), origin));
    }

    /** A Go duration string greater than zero, raised to the floor when below it; null means "not set". */
    private Optional<Setting<Duration>> duration(Map.Entry<String, JsonNode> key) {
        if (key == null || key.getValue().isNull()) {
            return Optional.empty();
        }
        JsonNode node = key.getValue();
        Origin origin = new Origin(file, key.getKey(), NodeText.value(node));
        if (!node.isTextual()) {
            problems.error(Kind.WRONG_TYPE, origin, "expected a duration string such as \"60s\" or \"1m30s\", got "
                    + NodeText.typeName(node) + (node.isNumber() ? "; add a unit, e.g. 60s" : ""));
            return Optional.empty();
        }
        Duration d;
        try {
            d = GoDuration.parse(node.asText());
        } catch (IllegalArgumentException e) {
            problems.error(Kind.INVALID_VALUE, origin, e.getMessage());
            return Optional.empty();
        }
        if (d.isZero() || d.isNegative()) {
            // The originals sleep for this long between syncs: zero or less would be a busy loop.
            problems.error(Kind.INVALID_VALUE, origin, "must be greater than 0");
            return Optional.empty();
        }
        if (d.compareTo(ConfigSettings.MIN_RESYNC_INTERVAL) < 0) {
            String floor = GoDuration.format(ConfigSettings.MIN_RESYNC_INTERVAL);
            problems.warning(Kind.INVALID_VALUE, origin, "below the minimum of " + floor + "; " + floor + " is used");
            return Optional.of(new Setting<>(ConfigSettings.MIN_RESYNC_INTERVAL, origin));
        }
        return Optional.of(new Setting<>(d, origin));
    }
}
