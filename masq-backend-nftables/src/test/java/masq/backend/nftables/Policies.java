package masq.backend.nftables;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import masq.api.Cidr;
import masq.api.IpFamily;
import masq.api.MasqPolicy;
import masq.api.PortRange;

/** The policies of the golden cases, built from literal values. */
final class Policies {
    private Policies() {
    }

    static final Set<IpFamily> V4 = Set.of(IpFamily.IPV4);
    static final Set<IpFamily> DUAL = Set.of(IpFamily.IPV4, IpFamily.IPV6);

    static List<Cidr> cidrs(String... texts) {
        return java.util.Arrays.stream(texts).map(Cidr::parse).toList();
    }

    static MasqPolicy of(Set<IpFamily> families, List<Cidr> nonMasq, List<Cidr> masq, boolean masqLinkLocal,
            boolean masqLinkLocalIPv6, List<PortRange> toPorts, boolean randomFully) {
        return new MasqPolicy(families, nonMasq, masq, masqLinkLocal, masqLinkLocalIPv6, toPorts, randomFully,
                MasqPolicy.DEFAULT_CHAIN);
    }

    static MasqPolicy named(String name) {
        return switch (name) {
            case "defaults" -> MasqPolicy.defaults();
            case "custom-cidrs" -> of(V4, cidrs("10.0.0.0/8", "10.1.0.0/16", "192.0.2.0/24", "198.51.100.7/32"),
                    List.of(), false, false, List.of(), true);
            case "ipv6" -> of(DUAL, cidrs("10.0.0.0/8", "fd00::/8", "2001:db8:1::/48"), List.of(), false, false,
                    List.of(), true);
            case "masq-link-local" -> of(DUAL, cidrs("10.0.0.0/8", "fd00::/8"), List.of(), true, true, List.of(), true);
            case "masquerade-cidrs" -> of(DUAL, cidrs("10.0.0.0/8", "fd00::/8"),
                    cidrs("10.9.0.0/16", "203.0.113.0/24", "fd00:9::/32"), false, false, List.of(), true);
            case "to-ports" -> of(V4, cidrs("10.0.0.0/8"), List.of(), false, false,
                    PortRange.parseList("20000-29999,40000-40999,50000"), true);
            case "random-fully-off" -> of(V4, cidrs("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"), List.of(),
                    false, false, List.of(), false);
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** {@code count} distinct /24s from 11.0.0.0 upwards: a generated 10 000-entry case. */
    static MasqPolicy manyCidrs(int count) {
        List<Cidr> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(Cidr.parse("11." + (i >> 8 & 0xff) + "." + (i & 0xff) + ".0/24"));
        }
        return of(V4, out, List.of(), false, false, List.of(), true);
    }
}
