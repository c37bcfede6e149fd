package masq.backend.testkit;

import java.util.List;
import java.util.Set;
import masq.api.Cidr;
import masq.api.IpFamily;
import masq.api.MasqPolicy;
import masq.api.PortRange;

/**
 * The shared destination table every backend's tracer runs (style model 11): one dual-stack policy that
 * exercises each step of {@link MasqPolicy#decide}, and rows whose expected verdict is written out by
 * hand. Each row must also agree with {@code decide()}; a backend passes when its rendered rules give
 * the same verdict for every row.
 */
public final class FlowCases {
    private FlowCases() {
    }

    /**
     * Dual stack; RFC 1918, 100.64.0.0/10 and fd00::/8 exempt; 10.9.0.0/16 and fd00:9::/32 masqueraded
     * although inside exempt ranges (masqueradeCIDRs win); link-local exempt in both families; to-ports
     * and random-fully on.
     */
    public static MasqPolicy standardPolicy() {
        return new MasqPolicy(Set.of(IpFamily.IPV4, IpFamily.IPV6),
                List.of(cidr("10.0.0.0/8"), cidr("172.16.0.0/12"), cidr("192.168.0.0/16"), cidr("100.64.0.0/10"),
                        cidr("fd00::/8")),
                List.of(cidr("10.9.0.0/16"), cidr("fd00:9::/32")),
                false, false, List.of(new PortRange(20000, 29999), new PortRange(40000, 40999)), true,
                MasqPolicy.DEFAULT_CHAIN);
    }

    /** The rows for {@link #standardPolicy()}. */
    public static List<FlowCase> standard() {
        return List.of(
                new FlowCase("IPv4 link-local (metadata server) keeps the pod address", "169.254.169.254", false),
                new FlowCase("RFC 1918 10/8 keeps the pod address", "10.1.2.3", false),
                new FlowCase("masqueradeCIDR inside 10/8 is masqueraded", "10.9.0.1", true),
                new FlowCase("last address of the masqueradeCIDR is masqueraded", "10.9.255.255", true),
                new FlowCase("first address after the masqueradeCIDR keeps the pod address", "10.10.0.0", false),
                new FlowCase("RFC 1918 172.16/12 keeps the pod address", "172.31.255.255", false),
                new FlowCase("just outside 172.16/12 is masqueraded", "172.32.0.1", true),
                new FlowCase("RFC 1918 192.168/16 keeps the pod address", "192.168.1.1", false),
                new FlowCase("CGNAT 100.64/10 keeps the pod address", "100.64.0.1", false),
                new FlowCase("public IPv4 is masqueraded", "203.0.113.2", true),
                new FlowCase("another public IPv4 is masqueraded", "8.8.8.8", true),
                new FlowCase("IPv6 link-local keeps the pod address", "fe80::1", false),
                new FlowCase("IPv6 ULA keeps the pod address", "fd00:1::1", false),
                new FlowCase("IPv6 masqueradeCIDR inside the ULA range is masqueraded", "fd00:9::5", true),
                new FlowCase("public IPv6 is masqueraded", "2001:db8::1", true));
    }

    private static Cidr cidr(String text) {
        return Cidr.parse(text);
    }
}
