package masq.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import masq.api.Cidr;
import masq.api.IpFamily;
import masq.api.MasqPolicy;
import masq.api.spi.Rendering;

/** The dry-run backend's rule program: one line per rule, each -d a CIDR of the policy, nothing else. */
final class DryRunText {
    private static final Pattern LINE = Pattern.compile("(IPv4|IPv6): (MASQUERADE|RETURN)(?: -d (\\S+))?"
            + "(?: -p tcp,udp,sctp)?(?: random-fully)?(?: to-ports [0-9,-]+)?"
            + " \\((masqueradeCIDRs|link-local|nonMasqueradeCIDRs|default|default, other protocols)\\)");

    private DryRunText() {
    }

    static void check(MasqPolicy policy, Rendering rendering) {
        List<IpFamily> families = new ArrayList<>();
        for (IpFamily f : IpFamily.values()) {
            if (policy.enabled(f)) {
                families.add(f);
            }
        }
        Check.that(rendering.payloads().size() == families.size(), "dryrun: one payload per family");
        for (int i = 0; i < families.size(); i++) {
            IpFamily f = families.get(i);
            List<String> lines = rendering.payloads().get(i).text().lines().toList();
            java.util.Set<Cidr> allowed = PolicyCidrs.of(policy, f);
            int expected = policy.masquerade(f).size() + (policy.linkLocalExempt(f) ? 1 : 0)
                    + policy.nonMasquerade(f).size() + (policy.toPorts().isEmpty() ? 1 : 2);
            Check.that(lines.size() == expected, () -> "dryrun: " + lines.size() + " lines for " + expected + " rules");
            for (String line : lines) {
                Matcher m = LINE.matcher(line);
                Check.that(m.matches(), () -> "dryrun: unexpected line " + line);
                if (m.group(3) != null) {
                    Cidr c = Cidr.parse(m.group(3));
                    Check.that(c.toString().equals(m.group(3)) && allowed.contains(c), () -> "dryrun: CIDR not in the policy: " + line);
                }
            }
        }
    }
}
