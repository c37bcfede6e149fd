package masq.config;

import java.util.ArrayList;
import java.util.List;
import masq.api.Cidr;

/** The built-in non-masquerade list used when no file sets {@code nonMasqueradeCIDRs}. */
final class Defaults {
    /** The file name of default entries in messages, dumps and {@code explain}. */
    static final String FILE = "(default)";

    private static final List<String> RFC1918 = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16");
    /** Appended by {@code --nomasq-all-reserved-ranges}, in the original's order (it is the rule order). */
    private static final List<String> RESERVED = List.of("100.64.0.0/10", "192.0.0.0/24", "192.0.2.0/24",
            "192.88.99.0/24", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "240.0.0.0/4");

    private Defaults() {
    }

    static List<CidrEntry> nonMasquerade(boolean allReservedRanges) {
        List<String> texts = new ArrayList<>(RFC1918);
        if (allReservedRanges) {
            texts.addAll(RESERVED);
        }
        List<CidrEntry> entries = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            entries.add(new CidrEntry(Cidr.parse(texts.get(i)), FILE,
                    FragmentReader.NON_MASQUERADE + "[" + i + "]", texts.get(i)));
        }
        return entries;
    }
}
