package masq.backend.nftables;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import masq.api.Cidr;
import masq.api.IpFamily;
import masq.api.MasqPolicy;
import masq.api.spi.Rendering;
import masq.fuzz.Check;

/**
 * The nftables backend's transaction holds nothing but validated values (each line matches one of the
 * commands we write, every set element is a CIDR of the policy), and our table, printed as {@code nft list
 * table} prints it, parses back to exactly the state we wanted (so a sync right after our write writes
 * nothing).
 */
public final class NftReadBack {
    /** Exactly our fixed comments: a comment is the one quoted string in the payload. */
    private static final String C = "\"(?:" + String.join("|", Stream.of(NftRenderer.C_TABLE, NftRenderer.C_NONMASQ_SET,
            NftRenderer.C_MASQ_SET, NftRenderer.C_LOCAL, NftRenderer.C_MASQ_CIDRS, NftRenderer.C_NONMASQ,
            NftRenderer.C_OUTBOUND, NftRenderer.C_TO_PORTS, NftRenderer.C_MASQ).map(Pattern::quote).toList()) + ")\"";
    private static final String T = "inet ip-masq-agent";
    private static final List<Pattern> LINES = List.of(
            Pattern.compile("(?:add|delete) table " + T),
            Pattern.compile("add table " + T + " \\{ comment " + C + "; }"),
            Pattern.compile("add set " + T + " (?:non)?masq-ipv([46]) \\{ type ipv\\1_addr; flags interval; comment " + C
                    + ";(?: elements = \\{ ([^{}]+) };)? }"),
            Pattern.compile("add chain " + T + " postrouting \\{ type nat hook postrouting priority srcnat; policy accept; }"),
            Pattern.compile("add chain " + T + " masq"),
            Pattern.compile("add rule " + T + " postrouting (?:fib daddr type local return|ip6? daddr @(?:non)?masq-ipv[46]"
                    + " (?:goto masq|return)|meta nfproto ipv[46] goto masq) comment " + C),
            Pattern.compile("add rule " + T + " masq (?:meta l4proto (?:tcp|udp|sctp) (?:numgen random mod [0-9]+ < [0-9]+ )?"
                    + "masquerade to :[0-9]+(?:-[0-9]+)?|masquerade)(?: fully-random)? comment " + C));
    private static final Pattern SET_LINE = LINES.get(2);

    private NftReadBack() {
    }

    public static void check(MasqPolicy policy, Rendering rendering) {
        Check.that(rendering.payloads().size() == 1, "nftables: one transaction");
        String text = rendering.payloads().getFirst().text();
        List<NftObject> objects = NftRenderer.objects(policy);
        List<String> lines = text.lines().toList();
        Check.that(text.endsWith("\n") && lines.size() == objects.size() + 2, () -> "nftables: " + lines.size()
                + " lines for " + objects.size() + " objects");
        for (String line : lines) {
            Check.that(LINES.stream().anyMatch(p -> p.matcher(line).matches()), () -> "nftables: unexpected line " + line);
            Matcher set = SET_LINE.matcher(line);
            if (set.matches() && set.group(2) != null) {
                IpFamily f = set.group(1).equals("4") ? IpFamily.IPV4 : IpFamily.IPV6;
                java.util.Set<Cidr> allowed = masq.fuzz.PolicyCidrs.of(policy, f);
                for (String e : set.group(2).split(", ")) {
                    Cidr c = Cidr.parse(e);
                    Check.that(c.toString().equals(e) && c.family() == f && allowed.contains(c), () -> "nftables: element not in the policy: " + e);
                }
            }
        }
        Ruleset want = Ruleset.of(objects);
        Ruleset read = ListingParser.parse(listing(want));
        Check.that(read.equals(want), () -> "nftables: the table read back differs from what was written:\n" + listing(want));
    }

    /** nft's listing format: tabs, sets then chains, one element per line, a /32 or /128 printed bare. */
    public static String listing(Ruleset r) {
        StringBuilder sb = new StringBuilder("table ").append(NftRenderer.TABLE).append(" {\n");
        r.comment().ifPresent(c -> sb.append("\tcomment \"").append(c).append("\"\n"));
        for (Map.Entry<String, Ruleset.SetState> e : r.sets().entrySet()) {
            sb.append("\tset ").append(e.getKey()).append(" {\n");
            e.getValue().header().forEach(h -> sb.append("\t\t").append(h).append('\n'));
            if (!e.getValue().elements().isEmpty()) {
                sb.append("\t\telements = { ").append(String.join(",\n\t\t\t     ",
                        e.getValue().elements().stream().map(NftReadBack::printed).toList())).append(" }\n");
            }
            sb.append("\t}\n\n");
        }
        for (Map.Entry<String, Ruleset.ChainState> e : r.chains().entrySet()) {
            sb.append("\tchain ").append(e.getKey()).append(" {\n");
            e.getValue().base().ifPresent(b -> sb.append("\t\t").append(b).append('\n'));
            e.getValue().rules().forEach(rule -> sb.append("\t\t").append(rule).append('\n'));
            sb.append("\t}\n\n");
        }
        return sb.append("}\n").toString();
    }

    private static String printed(String element) {
        try {
            Cidr c = Cidr.parse(element);
            return c.prefixLength() == c.family().bits() ? c.network().toString() : c.toString();
        } catch (IllegalArgumentException e) {
            return element;
        }
    }
}
