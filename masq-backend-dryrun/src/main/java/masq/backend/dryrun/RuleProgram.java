package masq.backend.dryrun;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import masq.api.Cidr;
import masq.api.IpFamily;
import masq.api.MasqPolicy;
import masq.api.PortRange;

/**
 * Renders a policy as a neutral rule program: one line per rule, first match wins, in the order the
 * real backends evaluate them (see {@link MasqPolicy}). Pure; the text is the dry-run backend's "kernel".
 */
final class RuleProgram {
    /** The protocols --to-ports applies to, as in the Go original. */
    private static final String PORT_PROTOCOLS = "tcp,udp,sctp";

    private RuleProgram() {
    }

    /** The rules of one family, each line {@code <family>: <verb> [match] [options] (<why>)}. */
    static List<String> lines(MasqPolicy policy, IpFamily family) {
        String p = family.displayName() + ": ";
        List<String> out = new ArrayList<>();
        for (Cidr c : policy.masquerade(family)) {
            out.add(p + "MASQUERADE -d " + c + " (masqueradeCIDRs)");
        }
        if (policy.linkLocalExempt(family)) {
            out.add(p + "RETURN -d " + family.linkLocal() + " (link-local)");
        }
        for (Cidr c : policy.nonMasquerade(family)) {
            out.add(p + "RETURN -d " + c + " (nonMasqueradeCIDRs)");
        }
        String random = policy.randomFully() ? " random-fully" : "";
        if (!policy.toPorts().isEmpty()) {
            String ports = policy.toPorts().stream().map(PortRange::toString).collect(Collectors.joining(","));
            out.add(p + "MASQUERADE -p " + PORT_PROTOCOLS + random + " to-ports " + ports + " (default)");
            out.add(p + "MASQUERADE" + random + " (default, other protocols)");
        } else {
            out.add(p + "MASQUERADE" + random + " (default)");
        }
        return out;
    }

    /** The whole program of one family as text, each line ending in a newline. */
    static String text(MasqPolicy policy, IpFamily family) {
        StringBuilder sb = new StringBuilder();
        for (String line : lines(policy, family)) {
            sb.append(line).append('\n');
        }
        return sb.toString();
    }
}
