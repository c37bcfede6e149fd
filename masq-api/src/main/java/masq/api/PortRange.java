package masq.api;

import java.util.ArrayList;
import java.util.List;

/**
 * An inclusive range of source ports for {@code --to-ports}, such as {@code 1024-29999}.
 *
 * @param first the first port, 1 to 65535
 * @param last  the last port, {@code first} to 65535
 */
public record PortRange(int first, int last) {

    public PortRange {
        if (first < 1 || last > 65535) {
            throw new IllegalArgumentException("port out of range 1-65535 in \"" + first + "-" + last + "\"");
        }
        if (first > last) {
            throw new IllegalArgumentException("first is greater than last in \"" + first + "-" + last + "\"");
        }
    }

    /** How many ports the range holds. */
    public int size() {
        return last - first + 1;
    }

    /** {@code N} for a single port, else {@code A-B}: the text iptables and nft both take. */
    @Override
    public String toString() {
        return first == last ? Integer.toString(first) : first + "-" + last;
    }

    /**
     * Parses the {@code --to-ports} syntax of the Go original: comma-separated items, each {@code N} or
     * {@code A-B}, order kept, overlaps allowed. The empty string means no ranges. Unlike the original,
     * ports outside 1-65535 are rejected here instead of by iptables-restore later.
     *
     * @throws IllegalArgumentException naming the offending item
     */
    public static List<PortRange> parseList(String text) {
        List<PortRange> out = new ArrayList<>();
        if (text.isEmpty()) {
            return out;
        }
        for (String item : text.split(",", -1)) {
            String[] ends = item.split("-", -1);
            if (ends.length > 2) {
                throw new IllegalArgumentException("invalid interval " + GoQuote.quote(item));
            }
            int first = number(ends[0], item);
            int last = ends.length == 2 ? number(ends[1], item) : first;
            if (first > last) {
                throw new IllegalArgumentException("first is greater than last in " + GoQuote.quote(item));
            }
            if (first < 1 || last > 65535) {
                throw new IllegalArgumentException("port out of range 1-65535 in " + GoQuote.quote(item));
            }
            out.add(new PortRange(first, last));
        }
        return out;
    }

    private static int number(String digits, String item) {
        if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("invalid port " + GoQuote.quote(digits) + " in interval " + GoQuote.quote(item));
        }
        return Integer.parseInt(digits);
    }
}
