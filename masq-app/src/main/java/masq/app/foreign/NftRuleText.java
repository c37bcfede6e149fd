package masq.app.foreign;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import masq.api.Cidr;
import masq.api.IpAddress;
import masq.api.IpFamily;
import masq.app.foreign.NatRule.Match;
import masq.app.foreign.NatRule.Verdict;

/**
 * One rule of nft's listing, read for what decides masquerading: {@code ip[6] daddr [!=] X} (a negated
 * anonymous set as one negated match per element), {@code meta mark & M == V}, {@code fib daddr type
 * [!=] local}, {@code meta nfproto}, and the verdict. Every other expression is a condition the finding names.
 */
final class NftRuleText {
    /** Tokens that start an expression or statement; an unknown expression ends before one. */
    private static final Set<String> STARTS = Set.of("ip", "ip6", "meta", "mark", "fib", "counter", "comment", "oifname",
            "iifname", "oif", "iif", "tcp", "udp", "sctp", "ct", "th", "log", "limit", "ether", "udplite", "icmp", "icmpv6");

    private NftRuleText() {
    }

    static NatRule rule(String chain, String line, List<String> t) {
        List<Match> matches = new ArrayList<>();
        Verdict verdict = Verdict.CONTINUE;
        Optional<String> target = Optional.empty();
        Optional<String> comment = Optional.empty();
        int i = 0;
        while (i < t.size()) {
            String tok = t.get(i);
            String next = at(t, i + 1);
            if ((tok.equals("ip") || tok.equals("ip6")) && !next.isEmpty()) {
                IpFamily family = tok.equals("ip") ? IpFamily.IPV4 : IpFamily.IPV6;
                matches.add(Match.family(family));
                int value = i + 2;
                boolean negated = at(t, value).equals("!=");
                value += negated ? 1 : 0;
                int end = valueEnd(t, value);
                List<String> values = t.subList(value, end);
                if (next.equals("daddr") && (values.size() == 1 || negated) && values.stream().allMatch(NftRuleText::address)) {
                    values.stream().filter(v -> !v.equals("{") && !v.equals("}")).forEach(v -> matches.add(Match.destination(cidr(v), negated)));
                } else {
                    matches.add(Match.condition(String.join(" ", t.subList(i, end))));
                }
                i = end;
            } else if ((tok.equals("meta") && next.equals("mark")) || tok.equals("mark")) {
                int j = tok.equals("meta") ? i + 2 : i + 1;
                long mask = 0xffffffffL;
                if (at(t, j).equals("&")) {
                    mask = Long.decode(at(t, j + 1));
                    j += 2;
                }
                boolean negated = at(t, j).equals("!=");
                j += at(t, j).equals("==") || negated ? 1 : 0;
                matches.add(Match.mark(Long.decode(at(t, j)), mask, negated));
                i = j + 1;
            } else if (tok.equals("fib") && next.equals("daddr") && at(t, i + 2).equals("type")) {
                boolean negated = at(t, i + 3).equals("!=");
                String type = at(t, i + 3 + (negated ? 1 : 0));
                matches.add(type.equals("local") ? Match.local(negated)
                        : Match.condition(String.join(" ", t.subList(i, i + 4 + (negated ? 1 : 0)))));
                i += 4 + (negated ? 1 : 0);
            } else if (tok.equals("meta") && next.equals("nfproto")) {
                matches.add(at(t, i + 2).equals("ipv6") ? Match.family(IpFamily.IPV6) : Match.family(IpFamily.IPV4));
                i += 3;
            } else if (tok.equals("counter")) {
                i += next.equals("packets") ? 5 : 1;
            } else if (tok.equals("comment")) {
                comment = Optional.of(next);
                i += 2;
            } else if (verdict(tok) != null) {
                verdict = verdict(tok);
                if (verdict == Verdict.JUMP || verdict == Verdict.GOTO) {
                    target = Optional.of(next);
                }
                // masquerade/snat options (to, random, fully-random, persistent) match nothing; only a comment follows
                int c = t.indexOf("comment");
                if (c > i) {
                    comment = Optional.of(at(t, c + 1));
                }
                break;
            } else {
                // an expression we do not evaluate (oifname, tcp dport, ct state...): up to the next one we know
                int end = i + 1;
                while (end < t.size() && !STARTS.contains(t.get(end)) && verdict(t.get(end)) == null) {
                    end++;
                }
                matches.add(Match.condition(String.join(" ", t.subList(i, end))));
                i = end;
            }
        }
        return new NatRule(chain, line, matches, verdict, target, comment);
    }

    private static Verdict verdict(String tok) {
        return switch (tok) {
            case "masquerade" -> Verdict.MASQUERADE;
            case "snat" -> Verdict.SNAT;
            case "accept" -> Verdict.ACCEPT;
            case "return" -> Verdict.RETURN;
            case "drop", "reject" -> Verdict.DROP;
            case "jump" -> Verdict.JUMP;
            case "goto" -> Verdict.GOTO;
            default -> null;
        };
    }

    /** The end of a value at {@code start}: one token, or an anonymous set {@code { a, b }}. */
    private static int valueEnd(List<String> t, int start) {
        if (start >= t.size()) {
            return t.size();
        }
        if (!t.get(start).equals("{")) {
            return start + 1;
        }
        int close = t.subList(start, t.size()).indexOf("}");
        return close < 0 ? t.size() : start + close + 1;
    }

    private static boolean address(String v) {
        if (v.equals("{") || v.equals("}")) {
            return true;
        }
        try {
            cidr(v);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** {@code 10.0.0.0/8}, {@code 10.0.0.0/8,} (inside a set) or a single address. */
    private static Cidr cidr(String v) {
        String s = v.endsWith(",") ? v.substring(0, v.length() - 1) : v;
        return s.contains("/") ? Cidr.parse(s) : IptablesNat.single(IpAddress.parse(s));
    }

    private static String at(List<String> t, int i) {
        return i < t.size() ? t.get(i) : "";
    }
}
