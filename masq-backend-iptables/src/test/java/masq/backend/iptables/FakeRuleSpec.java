package masq.backend.iptables;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.math.BigDecimal;
import java.math.RoundingMode;

import masq.api.Cidr;

/**
 * The fake kernel's own reading of a rule spec (written independently of the production renderer):
 * parses the iptables command-line options we and the Go originals use, rejects unknown ones, and prints
 * the rule back in iptables-save's normalised order. Options belong to the extension that defines them,
 * wherever they appear (iptables parses with getopt over all loaded extensions).
 */
final class FakeRuleSpec {
    /** Extension options: name to {owner, takesValue}. */
    private static final Map<String, String> OWNER = Map.ofEntries(
            Map.entry("--comment", "comment"), Map.entry("--dst-type", "addrtype"), Map.entry("--src-type", "addrtype"),
            Map.entry("--mode", "statistic"), Map.entry("--probability", "statistic"),
            Map.entry("--to-ports", "MASQUERADE"), Map.entry("--random-fully", "MASQUERADE"), Map.entry("--random", "MASQUERADE"),
            Map.entry("--mark", "mark"), Map.entry("--set-xmark", "MARK"));
    /** Targets that take options (the rest of OWNER's owners are matches). */
    private static final Set<String> TARGETS_WITH_OPTIONS = Set.of("MASQUERADE", "MARK");
    private static final Set<String> FLAGS = Set.of("--random-fully", "--random");
    /** Print order of each extension's options in iptables-save. */
    private static final Map<String, List<String>> ORDER = Map.of(
            "comment", List.of("--comment"), "addrtype", List.of("--src-type", "--dst-type"),
            "statistic", List.of("--mode", "--probability"), "MASQUERADE", List.of("--to-ports", "--random", "--random-fully"),
            "mark", List.of("--mark"), "MARK", List.of("--set-xmark"));
    static final Set<String> TARGETS = Set.of("RETURN", "ACCEPT", "DROP", "MASQUERADE", "MARK");

    private FakeRuleSpec() {
    }

    /** A rule read back: its save-form text and jump target. */
    record Parsed(String saved, String target) {
    }

    static Parsed parse(String spec, boolean randomFullySupported) {
        List<String> tok = RuleTokens.split(spec);
        Map<String, String> basic = new LinkedHashMap<>();
        Map<String, Map<String, String>> matches = new LinkedHashMap<>();
        Map<String, String> targetOpts = new LinkedHashMap<>();
        String targetOwner = null;
        String target = null;
        boolean negate = false;
        for (int i = 0; i < tok.size(); i++) {
            String t = tok.get(i);
            switch (t) {
                case "!" -> { negate = true; continue; }
                case "-s", "-d" -> basic.put(t, (negate ? "! " : "") + cidr(value(tok, ++i, t)));
                case "-p" -> basic.put(t, (negate ? "! " : "") + value(tok, ++i, t));
                case "-m" -> matches.putIfAbsent(value(tok, ++i, t), new LinkedHashMap<>());
                case "-j" -> target = value(tok, ++i, t);
                default -> {
                    String owner = OWNER.get(t);
                    if (owner == null) {
                        throw new IllegalArgumentException("unknown option \"" + t + "\"");
                    }
                    if (t.equals("--random-fully") && !randomFullySupported) {
                        throw new IllegalArgumentException("unknown option \"--random-fully\"");
                    }
                    String v = FLAGS.contains(t) ? "" : " " + value(tok, ++i, t);
                    if (TARGETS_WITH_OPTIONS.contains(owner)) {
                        targetOwner = owner;
                        targetOpts.put(t, t + v);
                    } else if (!matches.containsKey(owner)) {
                        throw new IllegalArgumentException("option " + t + " needs -m " + owner);
                    } else {
                        matches.get(owner).put(t, (negate ? "! " : "") + t + render(t, v));
                    }
                }
            }
            negate = false;
        }
        if (targetOwner != null && !targetOwner.equals(target)) {
            throw new IllegalArgumentException(targetOwner + " options without -j " + targetOwner);
        }
        List<String> out = new ArrayList<>();
        for (String k : List.of("-s", "-d", "-p")) {
            if (basic.containsKey(k)) {
                String v = basic.get(k);
                out.add(v.startsWith("! ") ? "! " + k + " " + v.substring(2) : k + " " + v);
            }
        }
        matches.forEach((name, opts) -> {
            out.add("-m " + name);
            ORDER.getOrDefault(name, List.of()).stream().filter(opts::containsKey).forEach(o -> out.add(opts.get(o)));
        });
        if (target != null) {
            out.add("-j " + target);
            ORDER.getOrDefault(target, List.of()).stream().filter(targetOpts::containsKey).forEach(o -> out.add(targetOpts.get(o)));
        }
        return new Parsed(String.join(" ", out), target);
    }

    private static String value(List<String> tok, int i, String option) {
        if (i >= tok.size()) {
            throw new IllegalArgumentException("option " + option + " requires an argument");
        }
        return tok.get(i);
    }

    private static String cidr(String text) {
        return text.contains("/") ? Cidr.parse(text).toString()
                : Cidr.parse(text + (text.contains(":") ? "/128" : "/32")).toString();
    }

    private static String render(String option, String spaceValue) {
        String v = spaceValue.strip();
        return switch (option) {
            case "--comment" -> " " + saveString(v);
            case "--probability" -> {
                // xt_statistic keeps lround(p * 2^31) and prints it with %.11f.
                long stored = Math.round(Double.parseDouble(v) * 2147483648.0);
                yield " " + new BigDecimal(stored / 2147483648.0).setScale(11, RoundingMode.HALF_EVEN).toPlainString();
            }
            default -> spaceValue;
        };
    }

    /** libxtables xtables_save_string: bare when only [A-Za-z0-9_-], else quoted with \ escapes. */
    static String saveString(String v) {
        if (!v.isEmpty() && v.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '_' || c == '-')) {
            return v;
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : v.toCharArray()) {
            if (c == '"' || c == '\\' || c == '\'') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('"').toString();
    }
}
