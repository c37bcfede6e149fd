package masq.backend.iptables;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import masq.api.Cidr;
import masq.api.IpFamily;
import masq.api.MasqPolicy;
import masq.api.PortRange;
import masq.api.spi.Rendering;
import masq.fuzz.Check;

/**
 * The iptables backend's restore payload holds nothing but validated values (read token by token as
 * iptables-restore splits it), and the rules it writes, printed back as iptables-save prints them, parse to a
 * table on which the next sync writes nothing and cleanup finds everything it wrote.
 */
public final class IptablesReadBack {
    private static final List<String> BUILT_IN = List.of("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING");
    private static final Set<String> COMMENTS = Set.of(Comments.NON_MASQ, Comments.MASQ, Comments.MASQ_CIDR);

    private IptablesReadBack() {
    }

    public static void check(MasqPolicy policy, Rendering rendering) {
        int i = 0;
        for (IpFamily family : IpFamily.values()) {
            if (!policy.enabled(family)) {
                continue;
            }
            Check.that(i < rendering.payloads().size(), "iptables: a payload per family");
            List<MasqRule> rules = ChainRules.of(policy, family, true);
            payload(policy, family, rules, rendering.payloads().get(i++).text());
            readBack(policy.chain(), rules);
        }
        Check.that(i == rendering.payloads().size(), "iptables: a payload per enabled family only");
    }

    /** Line by line: the header, our chain, one -A per rule with only known options and policy values, the jump. */
    private static void payload(MasqPolicy policy, IpFamily family, List<MasqRule> rules, String text) {
        String chain = policy.chain();
        List<String> lines = text.lines().toList();
        Set<Cidr> allowed = masq.fuzz.PolicyCidrs.of(policy, family);
        Check.that(text.endsWith("\n") && lines.size() == rules.size() + 4, () -> "iptables: " + lines.size() + " lines for "
                + rules.size() + " rules");
        Check.that(lines.getFirst().equals("*nat") && lines.get(1).equals(":" + chain + " - [0:0]")
                && lines.getLast().equals("COMMIT"), "iptables: header or COMMIT line");
        for (int n = 2; n < lines.size() - 1; n++) {
            String line = lines.get(n);
            List<String> tokens = RuleTokens.split(line);
            boolean jump = n == lines.size() - 2;
            Check.that(tokens.size() >= 4 && tokens.get(0).equals("-A") && tokens.get(1).equals(jump ? "POSTROUTING" : chain),
                    () -> "iptables: line " + line);
            options(policy, allowed, tokens.subList(2, tokens.size()), jump, line);
        }
    }

    private static void options(MasqPolicy policy, Set<Cidr> allowed, List<String> t, boolean jump, String line) {
        int targets = 0;
        for (int k = 0; k < t.size(); k++) {
            String option = t.get(k);
            String value = k + 1 < t.size() ? t.get(k + 1) : "";
            switch (option) {
                case "-m" -> Check.that(Set.of("comment", "addrtype", "statistic").contains(value), () -> "iptables: match " + line);
                case "--comment" -> Check.that(jump ? value.equals(Comments.jump(policy.chain())) : COMMENTS.contains(value),
                        () -> "iptables: comment " + line);
                case "-d" -> {
                    Cidr c = Cidr.parse(value);
                    Check.that(c.toString().equals(value) && allowed.contains(c),
                            () -> "iptables: destination not in the policy: " + line);
                }
                case "-j" -> {
                    targets++;
                    Check.that(jump ? value.equals(policy.chain()) : Set.of("MASQUERADE", "RETURN").contains(value),
                            () -> "iptables: target " + line);
                }
                case "-p" -> Check.that(Set.of("tcp", "udp", "sctp").contains(value), () -> "iptables: protocol " + line);
                case "--mode" -> Check.that(value.equals("random"), () -> "iptables: mode " + line);
                case "--probability" -> {
                    double p = Double.parseDouble(value);
                    Check.that(value.matches("0\\.[0-9]+") && p > 0 && p < 1, () -> "iptables: probability " + line);
                }
                case "--to-ports" -> Check.that(policy.toPorts().stream().map(PortRange::toString).anyMatch(value::equals),
                        () -> "iptables: ports " + line);
                case "--dst-type" -> Check.that(jump && value.equals("LOCAL"), () -> "iptables: dst-type " + line);
                case "--random-fully", "!" -> {
                    k--; // no value
                }
                default -> throw new AssertionError("iptables: unexpected token " + option + " in " + line);
            }
            k++;
        }
        int found = targets;
        Check.that(found == 1, () -> "iptables: " + found + " targets in " + line);
    }

    /** What iptables-save prints after the restore, parsed back: in sync, ours, and removable. */
    private static void readBack(String chain, List<MasqRule> rules) {
        StringBuilder save = new StringBuilder("# Generated by iptables-save v1.8.9\n*nat\n");
        BUILT_IN.forEach(c -> save.append(':').append(c).append(" ACCEPT [0:0]\n"));
        save.append(':').append(chain).append(" - [0:0]\n");
        save.append("-A POSTROUTING ").append(String.join(" ", ChainRules.jump(chain))).append('\n');
        List<String> saved = new ArrayList<>();
        for (MasqRule r : rules) {
            saved.add(String.join(" ", r.savedSpec()));
            save.append("-A ").append(chain).append(' ').append(saved.getLast()).append('\n');
        }
        SavedTable table = SavedTable.parse(save.append("COMMIT\n").toString(), "nat");
        Check.that(table.rules(chain).equals(saved), "iptables: the chain read back differs from what was written");
        Check.that(ChainOwnership.foreignRules(table, chain).isEmpty(), "iptables: our own chain reads back as foreign");
        Plan again = SyncPlanner.sync(table, chain, rules);
        Check.that(!again.writes(), () -> "iptables: a sync right after our own write would write again:\n" + again.payload());
        Plan cleanup = SyncPlanner.cleanup(table, List.of());
        Check.that(cleanup.payload().contains("\n-X " + chain + "\n") && cleanup.payload().contains("\n-D POSTROUTING "),
                () -> "iptables: cleanup does not find what we wrote:\n" + cleanup.payload());
        // nft mode's quick path reads the same rules through `iptables -S CHAIN` listings.
        StringBuilder listing = new StringBuilder("-P POSTROUTING ACCEPT\n-A POSTROUTING ")
                .append(String.join(" ", ChainRules.jump(chain))).append("\n-N ").append(chain).append('\n');
        saved.forEach(s -> listing.append("-A ").append(chain).append(' ').append(s).append('\n'));
        Check.that(!SyncPlanner.sync(SavedTable.parseListing(listing.toString()), chain, rules).writes(),
                "iptables: the listing read back differs from what was written");
    }
}
