package masq.fuzz;

import java.util.HashSet;
import java.util.Set;
import masq.api.Cidr;
import masq.api.IpFamily;
import masq.api.MasqPolicy;

/** The CIDRs a rendered rule of one family may name: the policy's, plus link-local. A set: 50 000 lookups stay linear. */
public final class PolicyCidrs {
    private PolicyCidrs() {
    }

    public static Set<Cidr> of(MasqPolicy policy, IpFamily family) {
        Set<Cidr> out = new HashSet<>(policy.nonMasquerade(family));
        out.addAll(policy.masquerade(family));
        out.add(family.linkLocal());
        return out;
    }
}
