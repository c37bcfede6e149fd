package masq.app.foreign;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import masq.api.IpFamily;

/**
 * Reads {@code nft list ruleset} into one {@link NatHook} per chain of type nat at hook postrouting.
 * Rules are read by {@link NftRuleText}; sets, maps and other objects are skipped; families other than
 * {@code ip}, {@code ip6} and {@code inet} have no nat postrouting hook of interest.
 */
final class NftNat {
    /** nft's names for standard priorities, as {@code nft list} prints them (family ip, ip6, inet). */
    private static final Map<String, Integer> PRIORITIES = Map.of("raw", -300, "mangle", -150, "dstnat", -100,
            "filter", 0, "security", 50, "srcnat", 100);

    private NftNat() {
    }

    /**
     * @param listing the ruleset as {@code nft list ruleset} prints it
     * @param skip    tables not to read, as {@code "family name"} (ours; iptables-nft's, read through iptables-nft-save)
     */
    static List<NatHook> parse(String listing, Set<String> skip) {
        List<NatHook> hooks = new ArrayList<>();
        String family = null;
        String table = null;
        String chain = null;
        Integer priority = null;
        Map<String, List<NatRule>> chains = new LinkedHashMap<>();
        Map<String, Integer> bases = new LinkedHashMap<>();
        int skipDepth = 0;
        for (String raw : listing.split("\n")) {
            String line = raw.strip();
            if (skipDepth > 0) {
                skipDepth += depth(line);
                continue;
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            List<String> t = Tokens.split(line);
            if (table == null) {
                if (t.size() >= 3 && t.getFirst().equals("table")) {
                    family = t.get(1);
                    table = t.get(2);
                    chains = new LinkedHashMap<>();
                    bases = new LinkedHashMap<>();
                    if (skip.contains(family + " " + table) || !Set.of("ip", "ip6", "inet").contains(family)) {
                        skipDepth = depth(line);
                        table = null;
                    }
                }
            } else if (chain == null) {
                if (line.equals("}")) {
                    for (Map.Entry<String, Integer> base : bases.entrySet()) {
                        hooks.add(new NatHook("nftables", familyOf(family), family + " " + table, base.getKey(),
                                base.getValue(), chains));
                    }
                    table = null;
                } else if (t.getFirst().equals("chain") && t.size() >= 2) {
                    chain = t.get(1);
                    chains.put(chain, new ArrayList<>());
                } else {
                    skipDepth = depth(line); // set, map, flowtable, counter, quota...
                }
            } else if (line.equals("}")) {
                if (priority != null) {
                    bases.put(chain, priority);
                }
                chain = null;
                priority = null;
            } else if (t.getFirst().equals("type")) {
                priority = line.matches("type nat hook postrouting priority .*") ? priority(line) : null;
            } else if (!t.getFirst().equals("policy")) {
                chains.get(chain).add(NftRuleText.rule(chain, line, t));
            }
        }
        return hooks;
    }

    /**
     * Braces opened minus closed. A plain loop: a skipped table is walked line by line, and a set of 10 000
     * elements (ours, listed with the ruleset) made two streams per line cost 4–5 ms per reading (profiled).
     */
    private static int depth(String line) {
        int d = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            d += c == '{' ? 1 : c == '}' ? -1 : 0;
        }
        return d;
    }

    private static Optional<IpFamily> familyOf(String family) {
        return switch (family) {
            case "ip" -> Optional.of(IpFamily.IPV4);
            case "ip6" -> Optional.of(IpFamily.IPV6);
            default -> Optional.empty();
        };
    }

    /** {@code priority srcnat - 100;}, {@code priority -100;} and the like. */
    static int priority(String typeLine) {
        String p = typeLine.substring(typeLine.indexOf(" priority ") + 10);
        p = p.substring(0, p.indexOf(';') < 0 ? p.length() : p.indexOf(';')).strip();
        String[] parts = p.split(" ");
        int base = PRIORITIES.containsKey(parts[0]) ? PRIORITIES.get(parts[0]) : Integer.parseInt(parts[0]);
        if (parts.length == 3) {
            int offset = Integer.parseInt(parts[2]);
            base += parts[1].equals("-") ? -offset : offset;
        }
        return base;
    }
}
