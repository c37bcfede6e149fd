package masq.app.foreign;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import masq.api.Cidr;
import masq.api.IpAddress;
import masq.api.IpFamily;
import masq.app.foreign.NatRule.Match;
import masq.app.foreign.NatRule.Verdict;

/** Reads the nat table of one {@code iptables-save -t nat} listing into a {@link NatHook} at nat/POSTROUTING. */
final class IptablesNat {
    private IptablesNat() {
    }

    /**
     * @param ruleset {@code iptables-legacy} or {@code iptables-nft}
     * @param family  the family the listing is of
     * @param save    the listing; lines other than {@code -A} are ignored
     */
    static NatHook parse(String ruleset, IpFamily family, String save) {
        Map<String, List<NatRule>> chains = new LinkedHashMap<>();
        Set<String> declared = new HashSet<>();
        for (String line : save.split("\n")) {
            if (line.startsWith(":")) {
                declared.add(line.substring(1).split(" ")[0]);
            }
        }
        for (String line : save.split("\n")) {
            if (line.startsWith("-A ")) {
                List<String> tokens = Tokens.split(line.substring(3));
                if (!tokens.isEmpty()) {
                    String chain = tokens.getFirst();
                    chains.computeIfAbsent(chain, c -> new ArrayList<>()).add(rule(chain, line, tokens.subList(1, tokens.size()), declared));
                }
            }
        }
        return new NatHook(ruleset, Optional.of(family), "nat", "POSTROUTING", NatHook.SRCNAT, chains);
    }

    static NatRule rule(String chain, String line, List<String> t, Set<String> chains) {
        List<Match> matches = new ArrayList<>();
        Verdict verdict = Verdict.CONTINUE;
        Optional<String> target = Optional.empty();
        Optional<String> comment = Optional.empty();
        boolean negate = false;
        for (int i = 0; i < t.size(); i++) {
            String tok = t.get(i);
            String next = i + 1 < t.size() ? t.get(i + 1) : "";
            switch (tok) {
                case "!" -> {
                    negate = true;
                    continue;
                }
                case "-d", "--destination" -> {
                    matches.add(destination(next, negate));
                    i++;
                }
                case "--mark" -> {
                    String[] vm = next.split("/");
                    matches.add(Match.mark(Long.decode(vm[0]), vm.length > 1 ? Long.decode(vm[1]) : 0xffffffffL, negate));
                    i++;
                }
                case "--dst-type" -> {
                    matches.add("LOCAL".equals(next) ? Match.local(negate) : Match.condition(condition(negate, tok, next)));
                    i++;
                }
                case "--comment" -> {
                    comment = Optional.of(next);
                    i++;
                }
                case "-m", "--match" -> i++;
                case "-j", "-g", "--jump", "--goto" -> {
                    verdict = verdict(tok, next, chains);
                    if (verdict == Verdict.JUMP || verdict == Verdict.GOTO) {
                        target = Optional.of(next);
                    }
                    // the target's own options (--to-source, --random-fully...) follow: they match nothing
                    i = t.size();
                }
                default -> {
                    if (tok.startsWith("-")) {
                        StringBuilder text = new StringBuilder(negate ? "! " + tok : tok);
                        while (i + 1 < t.size() && !t.get(i + 1).startsWith("-") && !t.get(i + 1).equals("!")) {
                            text.append(' ').append(t.get(++i));
                        }
                        matches.add(Match.condition(text.toString()));
                    }
                }
            }
            negate = false;
        }
        return new NatRule(chain, line, matches, verdict, target, comment);
    }

    private static Match destination(String text, boolean negate) {
        return Match.destination(text.contains("/") ? Cidr.parse(text) : single(IpAddress.parse(text)), negate);
    }

    static Cidr single(IpAddress a) {
        return new Cidr(a, a.family().bits());
    }

    private static String condition(boolean negate, String option, String value) {
        return (negate ? "! " : "") + option + " " + value;
    }

    private static Verdict verdict(String option, String target, Set<String> chains) {
        if (chains.contains(target)) {
            return option.equals("-g") || option.equals("--goto") ? Verdict.GOTO : Verdict.JUMP;
        }
        return switch (target) {
            case "MASQUERADE" -> Verdict.MASQUERADE;
            case "SNAT" -> Verdict.SNAT;
            case "ACCEPT" -> Verdict.ACCEPT;
            case "RETURN" -> Verdict.RETURN;
            case "DROP" -> Verdict.DROP;
            default -> Verdict.CONTINUE; // MARK, CONNMARK, LOG...: the packet goes on
        };
    }
}
