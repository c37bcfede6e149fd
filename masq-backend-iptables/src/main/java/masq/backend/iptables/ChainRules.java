package masq.backend.iptables;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

import masq.api.Cidr;
import masq.api.IpFamily;
import masq.api.MasqPolicy;
import masq.api.PortRange;

/**
 * Pure: the agent's chain for one family, rule by rule, as kubernetes-sigs/ip-masq-agent v2.12 writes it
 * ({@code syncMasqRules}, {@code writeMasqRules}), plus our masqueradeCIDRs block in front.
 */
final class ChainRules {
    /** The protocols {@code --to-ports} applies to, in the original's order. */
    private static final List<String> PORT_PROTOCOLS = List.of("tcp", "udp", "sctp");

    private ChainRules() {
    }

    /**
     * The rules, in order: MASQUERADE per masqueradeCIDR (first match wins, so they go ahead of the
     * RETURNs that would otherwise exempt them), link-local RETURN unless masqLinkLocal, a RETURN per
     * nonMasqueradeCIDR in config order, the --to-ports rules, then the catch-all MASQUERADE.
     *
     * @param randomFully whether {@code --random-fully} is written: policy wish and tool support
     */
    static List<MasqRule> of(MasqPolicy policy, IpFamily family, boolean randomFully) {
        boolean rf = policy.randomFully() && randomFully;
        List<MasqRule> rules = new ArrayList<>();
        for (Cidr cidr : policy.masquerade(family)) {
            masquerade(rules, Comments.MASQ_CIDR, Optional.of(cidr), policy.toPorts(), rf);
        }
        if (policy.linkLocalExempt(family)) {
            rules.add(MasqRule.ret(Comments.NON_MASQ, family.linkLocal()));
        }
        for (Cidr cidr : policy.nonMasquerade(family)) {
            rules.add(MasqRule.ret(Comments.NON_MASQ, cidr));
        }
        masquerade(rules, Comments.MASQ, Optional.empty(), policy.toPorts(), rf);
        return rules;
    }

    /**
     * The original's {@code writeMasqToPortsRules}: per protocol, each range gets the share of the ports
     * not yet handed out ({@code size / remaining}), so the statistic matches pick ranges in proportion
     * to their sizes; the last range of a protocol takes the rest without a statistic match. The plain
     * rule always follows, for other protocols and as a fallback.
     */
    private static void masquerade(List<MasqRule> out, String comment, Optional<Cidr> dst,
                                   List<PortRange> toPorts, boolean rf) {
        int total = toPorts.stream().mapToInt(PortRange::size).sum();
        for (String proto : PORT_PROTOCOLS) {
            int remaining = total;
            for (int i = 0; i < toPorts.size(); i++) {
                PortRange range = toPorts.get(i);
                OptionalDouble p = i == toPorts.size() - 1
                        ? OptionalDouble.empty()
                        : OptionalDouble.of((double) range.size() / remaining);
                out.add(new MasqRule(comment, dst, Optional.of(proto), p, Optional.of(range), true, rf));
                remaining -= range.size();
            }
        }
        out.add(new MasqRule(comment, dst, Optional.empty(), OptionalDouble.empty(), Optional.empty(), true, rf));
    }

    /** The POSTROUTING jump, same tokens in restore and saved form. */
    static List<String> jump(String chain) {
        return List.of("-m", "comment", "--comment", MasqRule.quote(Comments.jump(chain)),
                "-m", "addrtype", "!", "--dst-type", "LOCAL", "-j", chain);
    }
}
