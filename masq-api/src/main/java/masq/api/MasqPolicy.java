package masq.api;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one validated, immutable input every backend renders: which destinations keep the pod's source
 * address and which are masqueraded, per family. Backends never read files or flags; they get this.
 *
 * <p>Semantics, evaluated for traffic leaving the node towards a non-LOCAL destination, first match wins:
 * <ol>
 *   <li>destination in {@link #masquerade(IpFamily)}: masqueraded ({@code masqueradeCIDRs});</li>
 *   <li>destination link-local and {@link #linkLocalExempt(IpFamily)}: not masqueraded;</li>
 *   <li>destination in {@link #nonMasquerade(IpFamily)}: not masqueraded;</li>
 *   <li>anything else: masqueraded, with {@link #randomFully()} and {@link #toPorts()} applied.</li>
 * </ol>
 * {@link #decide(IpAddress)} is this list as code; every backend's rules must agree with it.
 *
 * @param families          the families to program: IPv4 always, IPv6 with {@code --enable-ipv6}
 * @param nonMasquerade     non-masquerade CIDRs of all families in render order, without link-local
 * @param masquerade        always-masquerade CIDRs of all families in render order
 * @param masqLinkLocal     masquerade 169.254.0.0/16 too
 * @param masqLinkLocalIPv6 masquerade fe80::/10 too
 * @param toPorts           source port ranges for tcp, udp and sctp; empty for the kernel's choice
 * @param randomFully       fully randomised source port mapping, where the kernel and tools support it
 * @param chain             the iptables chain name ({@code --masq-chain}); letters, digits, '-', '_', at most 28
 */
public record MasqPolicy(
        Set<IpFamily> families,
        List<Cidr> nonMasquerade,
        List<Cidr> masquerade,
        boolean masqLinkLocal,
        boolean masqLinkLocalIPv6,
        List<PortRange> toPorts,
        boolean randomFully,
        String chain) {

    /** The Go original's default chain name. */
    public static final String DEFAULT_CHAIN = "IP-MASQ-AGENT";

    private static final Pattern CHAIN_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]{0,27}");
    /**
     * Built-in chains and standard targets: our restore payload declares the chain with
     * {@code :CHAIN - [0:0]}, which flushes it, so it must never name a chain or target of the kernel's own.
     */
    private static final Set<String> RESERVED_CHAINS = Set.of("PREROUTING", "INPUT", "FORWARD", "OUTPUT",
            "POSTROUTING", "ACCEPT", "DROP", "REJECT", "RETURN", "QUEUE", "MASQUERADE", "SNAT", "DNAT", "REDIRECT");

    public MasqPolicy {
        Objects.requireNonNull(families, "families");
        families = families.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(families));
        if (!families.contains(IpFamily.IPV4)) {
            throw new IllegalArgumentException("IPv4 is always enabled");
        }
        nonMasquerade = List.copyOf(nonMasquerade);
        masquerade = List.copyOf(masquerade);
        toPorts = List.copyOf(toPorts);
        Objects.requireNonNull(chain, "chain");
        if (!CHAIN_NAME.matcher(chain).matches()) {
            throw new IllegalArgumentException("invalid chain name " + GoQuote.quote(chain)
                    + ": use 1 to 28 letters, digits, '-' or '_', not starting with '-'");
        }
        if (RESERVED_CHAINS.contains(chain)) {
            throw new IllegalArgumentException("invalid chain name " + GoQuote.quote(chain) + ": a built-in chain or target of iptables");
        }
        for (Cidr c : nonMasquerade) {
            requireEnabled(families, c, "nonMasqueradeCIDRs");
        }
        for (Cidr c : masquerade) {
            requireEnabled(families, c, "masqueradeCIDRs");
            if (nonMasquerade.contains(c)) {
                throw new IllegalArgumentException("CIDR " + c + " is in both masqueradeCIDRs and nonMasqueradeCIDRs");
            }
        }
    }

    private static void requireEnabled(Set<IpFamily> families, Cidr cidr, String field) {
        if (!families.contains(cidr.family())) {
            throw new IllegalArgumentException(field + " holds " + cidr + " but " + cidr.family() + " is not enabled");
        }
    }

    /** The defaults of the Go original: RFC 1918 exempt, IPv4 only, random-fully, chain IP-MASQ-AGENT. */
    public static MasqPolicy defaults() {
        return new MasqPolicy(Set.of(IpFamily.IPV4),
                List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("172.16.0.0/12"), Cidr.parse("192.168.0.0/16")),
                List.of(), false, false, List.of(), true, DEFAULT_CHAIN);
    }

    /** Whether rules for this family are programmed at all. */
    public boolean enabled(IpFamily family) {
        return families.contains(family);
    }

    /** The non-masquerade CIDRs of one family, in render order, link-local not included. */
    public List<Cidr> nonMasquerade(IpFamily family) {
        return nonMasquerade.stream().filter(c -> c.family() == family).toList();
    }

    /** The always-masquerade CIDRs of one family, in render order. */
    public List<Cidr> masquerade(IpFamily family) {
        return masquerade.stream().filter(c -> c.family() == family).toList();
    }

    /** True when the family's link-local range keeps the pod address (the default). */
    public boolean linkLocalExempt(IpFamily family) {
        return family == IpFamily.IPV4 ? !masqLinkLocal : !masqLinkLocalIPv6;
    }

    /** The reference verdict for a non-LOCAL destination; see the class comment. */
    public Decision decide(IpAddress destination) {
        IpFamily family = destination.family();
        if (!enabled(family)) {
            return new Decision(false, Decision.Reason.FAMILY_NOT_ENABLED, Optional.empty());
        }
        for (Cidr c : masquerade(family)) {
            if (c.contains(destination)) {
                return new Decision(true, Decision.Reason.MASQUERADE_CIDR, Optional.of(c));
            }
        }
        if (linkLocalExempt(family) && family.linkLocal().contains(destination)) {
            return new Decision(false, Decision.Reason.LINK_LOCAL, Optional.of(family.linkLocal()));
        }
        for (Cidr c : nonMasquerade(family)) {
            if (c.contains(destination)) {
                return new Decision(false, Decision.Reason.NON_MASQUERADE_CIDR, Optional.of(c));
            }
        }
        return new Decision(true, Decision.Reason.DEFAULT_MASQUERADE, Optional.empty());
    }

    /**
     * What the policy does with one destination.
     *
     * @param masquerade true when the source address is rewritten to the node's
     * @param reason     which step of the rule list decided
     * @param matched    the CIDR that matched, if a CIDR decided
     */
    public record Decision(boolean masquerade, Reason reason, Optional<Cidr> matched) {
        /** The step of the rule list that decided. */
        public enum Reason {
            MASQUERADE_CIDR, LINK_LOCAL, NON_MASQUERADE_CIDR, DEFAULT_MASQUERADE, FAMILY_NOT_ENABLED
        }
    }
}
