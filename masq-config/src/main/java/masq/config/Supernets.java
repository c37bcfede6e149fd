package masq.config;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import masq.api.Cidr;
import masq.api.IpFamily;

/**
 * Every CIDR that contains a given one, found by masking it to each shorter prefix. Looking those up in a
 * hash map makes "is this CIDR inside any of these" cost one lookup per prefix length instead of a scan of
 * the whole list; with {@link Lengths}, only the lengths the map actually holds are tried (a list of 10 000
 * /24s has one), so a 10 000-CIDR merge costs one or two lookups a CIDR, not 33 (or 129 for IPv6).
 */
final class Supernets {
    private Supernets() {
    }

    /** {@code cidr} itself first, then each broader prefix down to /0. */
    static List<Cidr> of(Cidr cidr) {
        return of(cidr, null);
    }

    /** Like {@link #of(Cidr)}, but only the prefixes whose length is in {@code lengths} (all when null). */
    static List<Cidr> of(Cidr cidr, Lengths lengths) {
        List<Cidr> out = new ArrayList<>(lengths == null ? cidr.prefixLength() + 1 : 4);
        for (int len = cidr.prefixLength(); len >= 0; len = lengths == null ? len - 1 : lengths.below(cidr.family(), len)) {
            if (lengths == null || lengths.has(cidr.family(), len)) {
                out.add(len == cidr.prefixLength() ? cidr : new Cidr(cidr.network().mask(len), len));
            }
        }
        return out;
    }

    /** The prefix lengths present among some CIDRs, per family. */
    static final class Lengths {
        private final BitSet v4 = new BitSet(33);
        private final BitSet v6 = new BitSet(129);

        static Lengths of(Collection<Cidr> cidrs) {
            Lengths l = new Lengths();
            cidrs.forEach(c -> (c.family() == IpFamily.IPV4 ? l.v4 : l.v6).set(c.prefixLength()));
            return l;
        }

        boolean has(IpFamily family, int length) {
            return (family == IpFamily.IPV4 ? v4 : v6).get(length);
        }

        /** The longest length present below {@code length}, or -1. */
        int below(IpFamily family, int length) {
            return length == 0 ? -1 : (family == IpFamily.IPV4 ? v4 : v6).previousSetBit(length - 1);
        }
    }
}
