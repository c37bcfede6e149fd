package masq.backend.nftables;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The nftables objects this backend writes, as values (knftables style): a transaction is a list of
 * verbs applied to these, and {@link NftSyntax} turns each into the exact text {@code nft} reads.
 * Every object lives in one table; names and comments are validated here, so nothing unchecked ever
 * reaches rule text.
 */
sealed interface NftObject permits NftObject.Table, NftObject.Chain, NftObject.Rule, NftObject.NftSet,
        NftObject.Element {

    /** nft identifiers we use: letters, digits, '-', '_'; not a keyword because we never pick one. */
    Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");

    /** The table every object belongs to. */
    TableRef table();

    /** {@code inet ip-masq-agent}: family plus table name. */
    record TableRef(String family, String name) {
        public TableRef {
            if (!family.equals("inet") && !family.equals("ip") && !family.equals("ip6")) {
                throw new IllegalArgumentException("unsupported table family " + family);
            }
            requireName(name);
        }

        @Override
        public String toString() {
            return family + " " + name;
        }
    }

    /** A table with an optional comment. */
    record Table(TableRef table, Optional<String> comment) implements NftObject {
        public Table {
            comment.ifPresent(NftObject::requireComment);
        }
    }

    /**
     * A chain; a base chain has {@code type nat hook postrouting priority srcnat; policy accept;}.
     *
     * @param base the base-chain header without braces, or empty for a regular chain
     */
    record Chain(TableRef table, String name, Optional<String> base) implements NftObject {
        public Chain {
            requireName(name);
            base.ifPresent(b -> {
                if (!Patterns.BASE.matcher(b).matches()) {
                    throw new IllegalArgumentException("invalid base chain header " + b);
                }
            });
        }
    }

    /**
     * One rule. {@code body} is built only by {@link NftRenderer} from typed values, in the form
     * {@code nft list} prints it back, so read-back comparison is a string comparison.
     */
    record Rule(TableRef table, String chain, String body, Optional<String> comment) implements NftObject {
        public Rule {
            requireName(chain);
            Objects.requireNonNull(body, "body");
            if (body.isBlank() || body.contains("\"") || body.contains("\n") || body.contains(";")) {
                throw new IllegalArgumentException("invalid rule body " + body);
            }
            comment.ifPresent(NftObject::requireComment);
        }
    }

    /**
     * A set; {@code type} is ipv4_addr or ipv6_addr, flags e.g. {@code [interval]}. {@code elements} are its
     * initial contents, written inline in the {@code add set} command: measured with libnftables 1.0.6,
     * that costs a third of a separate {@code add element} at 1 000 and more elements.
     */
    record NftSet(TableRef table, String name, String type, List<String> flags, Optional<String> comment,
            List<String> elements) implements NftObject {
        public NftSet {
            elements = List.copyOf(elements);
            elements.forEach(NftObject::requireElement);
            requireName(name);
            if (!type.equals("ipv4_addr") && !type.equals("ipv6_addr")) {
                throw new IllegalArgumentException("unsupported set type " + type);
            }
            flags = List.copyOf(flags);
            flags.forEach(f -> {
                if (!f.equals("interval")) {
                    throw new IllegalArgumentException("unsupported set flag " + f);
                }
            });
            comment.ifPresent(NftObject::requireComment);
        }
    }

    /** Elements of a set: canonical CIDR texts (from {@link masq.api.Cidr#toString()}). */
    record Element(TableRef table, String set, List<String> values) implements NftObject {
        public Element {
            requireName(set);
            values = List.copyOf(values);
            values.forEach(NftObject::requireElement);
        }
    }

    private static void requireName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid nft name \"" + name + "\"");
        }
    }

    /**
     * Set elements are canonical CIDR or address texts (from typed values); checked once more here. The
     * language of {@code [0-9a-f.:]+(/[0-9]{1,3})?}, written as a loop: it runs for every element of every
     * rendered set (10 000 per config change), where a regex costs more than the rest of the rendering.
     */
    private static void requireElement(String v) {
        int slash = v.indexOf('/');
        int end = slash < 0 ? v.length() : slash;
        boolean ok = end > 0 && (slash < 0 || v.length() - slash - 1 >= 1 && v.length() - slash - 1 <= 3);
        for (int i = 0; ok && i < v.length(); i++) {
            char c = v.charAt(i);
            ok = i < end ? c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c == '.' || c == ':'
                    : i == end || c >= '0' && c <= '9';
        }
        if (!ok) {
            throw new IllegalArgumentException("invalid set element " + v);
        }
    }

    /** Compiled once: validation runs for every element of every sync. */
    final class Patterns {
        static final Pattern COMMENT = Pattern.compile("[ -!#-~]+");
        static final Pattern BASE = Pattern.compile("[a-z0-9 ;:_-]+");

        private Patterns() {
        }
    }

    /** Comments are fixed texts starting with {@code ip-masq-agent:}; nft limits user data to 128 bytes. */
    private static void requireComment(String comment) {
        if (!comment.startsWith("ip-masq-agent:") || comment.length() > 128
                || !Patterns.COMMENT.matcher(comment).matches()) {
            throw new IllegalArgumentException("invalid comment \"" + comment + "\"");
        }
    }
}
