package masq.backend.testkit;

import java.util.List;
import java.util.Set;
import masq.api.Cidr;
import masq.api.IpFamily;
import masq.api.MasqPolicy;
import masq.api.PortRange;

/**
 * The shared destination tables every backend must agree with (style model item 11): {@link #standard()}
 * for {@link #standardPolicy()} (one dual-stack policy exercising each step of {@link MasqPolicy#decide}),
 * plus smaller tables for other policies, all as {@link FlowTable}s in {@link #all()}. Expected verdicts
 * are literals: a row says what an operator expects, and {@code FlowCasesTest} proves
 * {@link MasqPolicy#decide} agrees with every row, so a backend that passes the rows agrees with the
 * reference verdict too.
 *
 * <p>Only destinations of families the table's policy enables appear: what happens to a family the agent
 * does not program is outside any backend's control.
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

    /** {@link #standardPolicy()} with its rows. */
    public static FlowTable standardTable() {
        return new FlowTable("standard", standardPolicy(), standard());
    }

    /** Dual-stack exempt ranges without masquerade CIDRs. */
    public static FlowTable dualStackNoMasqueradeCidrs() {
        MasqPolicy policy = new MasqPolicy(Set.of(IpFamily.IPV4, IpFamily.IPV6),
                cidrs("10.0.0.0/8", "100.64.0.0/10", "fd00::/8"), List.of(),
                false, false, List.of(), false, MasqPolicy.DEFAULT_CHAIN);
        return new FlowTable("dual-stack, no masqueradeCIDRs", policy, List.of(
                new FlowCase("configured 10/8", "10.255.255.255", false),
                new FlowCase("RFC 1918 range not configured", "192.168.1.1", true),
                new FlowCase("configured CIDR 100.64/10", "100.64.0.0", false),
                new FlowCase("link-local", "169.254.0.1", false),
                new FlowCase("external", "198.51.100.1", true),
                new FlowCase("IPv6 ULA", "fdff:ffff::1", false),
                new FlowCase("just outside the IPv6 ULA range", "fe00::1", true),
                new FlowCase("IPv6 external", "2001:db8:1::1", true),
                new FlowCase("IPv6 link-local", "fe80::abcd", false)));
    }

    /** {@code masqLinkLocal} and {@code masqLinkLocalIPv6}: link-local traffic is masqueraded too. */
    public static FlowTable linkLocalMasqueraded() {
        MasqPolicy policy = new MasqPolicy(Set.of(IpFamily.IPV4, IpFamily.IPV6),
                cidrs("10.0.0.0/8", "fd00::/8"), List.of(),
                true, true, List.of(), true, MasqPolicy.DEFAULT_CHAIN);
        return new FlowTable("link-local masqueraded", policy, List.of(
                new FlowCase("link-local masqueraded", "169.254.169.254", true),
                new FlowCase("IPv6 link-local masqueraded", "fe80::1", true),
                new FlowCase("RFC 1918 still exempt", "10.0.0.1", false),
                new FlowCase("IPv6 ULA still exempt", "fd00::1", false),
                new FlowCase("external", "203.0.113.9", true)));
    }

    /** The Go original's defaults: IPv4 only, RFC 1918 and link-local exempt. */
    public static FlowTable defaults() {
        return new FlowTable("defaults (IPv4 only)", MasqPolicy.defaults(), List.of(
                new FlowCase("RFC 1918 10/8", "10.0.0.1", false),
                new FlowCase("RFC 1918 172.16/12", "172.31.255.255", false),
                new FlowCase("RFC 1918 192.168/16", "192.168.255.1", false),
                new FlowCase("shared address space is not RFC 1918", "100.64.0.1", true),
                new FlowCase("link-local", "169.254.1.1", false),
                new FlowCase("external", "8.8.8.8", true)));
    }

    /** Every table, in a fixed order. */
    public static List<FlowTable> all() {
        return List.of(standardTable(), dualStackNoMasqueradeCidrs(), linkLocalMasqueraded(), defaults());
    }

    private static List<Cidr> cidrs(String... texts) {
        return java.util.Arrays.stream(texts).map(Cidr::parse).toList();
    }

    private static Cidr cidr(String text) {
        return Cidr.parse(text);
    }
}
