package example.windows.outboundnat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import masq.api.Cidr;
import masq.api.IpAddress;
import masq.api.IpFamily;
import masq.api.MasqPolicy;

/**
 * Pure: the {@code ExceptionList} that makes Windows' OutBoundNAT do what a {@link MasqPolicy} says.
 *
 * <p>OutBoundNAT NATs every destination except those in its list, so the list is the set of destinations
 * the policy does not masquerade: per enabled family, the link-local range (unless masqueraded) and the
 * non-masquerade CIDRs, in the policy's order. An ExceptionList cannot say "NAT this even though it is
 * inside an exception" the way {@code masqueradeCIDRs} does in the iptables chain, so each masquerade
 * CIDR is cut out of the exempt ranges instead: {@code 10.0.0.0/8} minus {@code 10.5.0.0/16} becomes the
 * eight CIDRs that cover the rest. The result covers exactly the addresses {@link MasqPolicy#decide} does
 * not masquerade; at most (prefix difference) CIDRs are added per cut. Port ranges and random-fully have
 * no OutBoundNAT equivalent and are ignored.
 */
final class ExceptionListPolicy {
    private ExceptionListPolicy() {
    }

    /** The list entries, canonical CIDR text, no duplicates. */
    static List<String> exceptions(MasqPolicy policy) {
        Set<String> out = new LinkedHashSet<>();
        for (IpFamily family : IpFamily.values()) {
            if (!policy.enabled(family)) {
                continue;
            }
            List<Cidr> exempt = new ArrayList<>();
            if (policy.linkLocalExempt(family)) {
                exempt.add(family.linkLocal());
            }
            exempt.addAll(policy.nonMasquerade(family));
            for (Cidr c : exempt) {
                for (Cidr piece : subtractAll(c, policy.masquerade(family))) {
                    out.add(piece.toString());
                }
            }
        }
        return List.copyOf(out);
    }

    /** {@code range} minus every CIDR in {@code cuts}, as the fewest aligned CIDRs, in address order. */
    static List<Cidr> subtractAll(Cidr range, List<Cidr> cuts) {
        List<Cidr> pieces = List.of(range);
        for (Cidr cut : cuts) {
            List<Cidr> next = new ArrayList<>();
            for (Cidr piece : pieces) {
                next.addAll(subtract(piece, cut));
            }
            pieces = next;
        }
        return pieces;
    }

    private static List<Cidr> subtract(Cidr range, Cidr cut) {
        if (cut.contains(range)) {
            return List.of();
        }
        if (!range.contains(cut)) {
            return List.of(range); // aligned prefixes either nest or are disjoint
        }
        List<Cidr> out = new ArrayList<>();
        for (Cidr half : halves(range)) {
            out.addAll(subtract(half, cut));
        }
        return out;
    }

    private static List<Cidr> halves(Cidr range) {
        int len = range.prefixLength() + 1;
        IpAddress low = range.network();
        int bitFromRight = range.family().bits() - len;
        IpAddress high = bitFromRight >= 64
                ? new IpAddress(low.family(), low.hi() | (1L << (bitFromRight - 64)), low.lo())
                : new IpAddress(low.family(), low.hi(), low.lo() | (1L << bitFromRight));
        return List.of(new Cidr(low, len), new Cidr(high, len));
    }
}
