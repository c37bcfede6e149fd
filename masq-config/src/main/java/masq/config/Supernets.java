package masq.config;

import java.util.ArrayList;
import java.util.List;
import masq.api.Cidr;

/**
 * Every CIDR that contains a given one, found by masking it to each shorter prefix. Looking those up in a
 * hash map makes "is this CIDR inside any of these" cost at most 33 or 129 lookups instead of a scan of the
 * whole list: 10 000 CIDRs merge in milliseconds, not seconds.
 */
final class Supernets {
    private Supernets() {
    }

    /** {@code cidr} itself first, then each broader prefix down to /0. */
    static List<Cidr> of(Cidr cidr) {
        List<Cidr> out = new ArrayList<>(cidr.prefixLength() + 1);
        for (int len = cidr.prefixLength(); len >= 0; len--) {
            out.add(new Cidr(cidr.network().mask(len), len));
        }
        return out;
    }
}
