package masq.backend.testkit;

import java.util.List;
import java.util.Set;
import masq.api.Cidr;
import masq.api.IpFamily;
import masq.api.MasqPolicy;

/**
 * The shared destination tables every backend must agree with (style model item 11). Expected verdicts
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
     * Dual-stack: RFC 1918 plus a configured CIDR and an IPv6 ULA range exempt, one masquerade CIDR
     * carved out of an exempt range per family, link-local exempt (the default).
     */
    public static FlowTable standard() {
        MasqPolicy policy = new MasqPolicy(Set.of(IpFamily.IPV4, IpFamily.IPV6),
                cidrs("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fd00::/8"),
                cidrs("10.5.0.0/16", "fd00:5::/32"),
                false, false, List.of(), true, MasqPolicy.DEFAULT_CHAIN);
        return new FlowTable("standard", policy, List.of(
                new FlowCase("RFC 1918 10/8", "10.1.2.3", false),
                new FlowCase("RFC 1918 172.16/12", "172.20.0.1", false),
                new FlowCase("just past 172.16/12", "172.32.0.1", true),
                new FlowCase("RFC 1918 192.168/16", "192.168.1.1", false),
                new FlowCase("configured CIDR 100.64/10", "100.64.1.1", false),
                new FlowCase("last address of the configured CIDR", "100.127.255.255", false),
                new FlowCase("just past the configured CIDR", "100.128.0.0", true),
                new FlowCase("masqueradeCIDR inside a nonMasquerade range", "10.5.1.1", true),
                new FlowCase("beside the masqueradeCIDR, still inside 10/8", "10.6.0.1", false),
                new FlowCase("link-local (metadata server)", "169.254.169.254", false),
                new FlowCase("external", "203.0.113.7", true),
                new FlowCase("IPv6 ULA", "fd12:3456::1", false),
                new FlowCase("IPv6 masqueradeCIDR inside the ULA range", "fd00:5::1", true),
                new FlowCase("IPv6 external", "2001:db8::1", true),
                new FlowCase("IPv6 link-local", "fe80::1", false)));
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
        return List.of(standard(), dualStackNoMasqueradeCidrs(), linkLocalMasqueraded(), defaults());
    }

    private static List<Cidr> cidrs(String... texts) {
        return java.util.Arrays.stream(texts).map(Cidr::parse).toList();
    }
}
