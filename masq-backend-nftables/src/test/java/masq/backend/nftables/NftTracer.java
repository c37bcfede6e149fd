package masq.backend.nftables;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import masq.api.Cidr;
import masq.api.IpAddress;
import masq.api.IpFamily;

/**
 * Walks a {@link Ruleset} (what the fake kernel holds after a sync) for one new flow and says whether
 * it is masqueraded. It recognises only the rule shapes this backend emits, and fails on anything else:
 * <ol>
 *   <li>{@code fib daddr type local return}</li>
 *   <li>{@code (ip|ip6) daddr @SET (return|goto CHAIN)}</li>
 *   <li>{@code meta nfproto (ipv4|ipv6) goto CHAIN}</li>
 *   <li>{@code meta l4proto P [numgen random mod R < S ]masquerade to :PORTS[ fully-random]} (any
 *       outcome of numgen ends in a masquerade, so the tracer only needs "some masquerade matched")</li>
 *   <li>{@code masquerade[ fully-random]}</li>
 * </ol>
 * each optionally followed by {@code comment "..."}. Falling off the base chain = policy accept.
 */
final class NftTracer {

    private static final String COMMENT = "(?: comment \"[^\"]*\")?";
    private static final Pattern LOCAL = Pattern.compile("fib daddr type local return" + COMMENT);
    private static final Pattern SET = Pattern.compile("(ip|ip6) daddr @(\\S+) (return|goto (\\S+))" + COMMENT);
    private static final Pattern NFPROTO = Pattern.compile("meta nfproto (ipv4|ipv6) goto (\\S+)" + COMMENT);
    private static final Pattern TO_PORTS = Pattern.compile(
            "meta l4proto (tcp|udp|sctp) (?:numgen random mod \\d+ < \\d+ )?masquerade to :[0-9-]+( fully-random)?"
                    + COMMENT);
    private static final Pattern MASQ = Pattern.compile("masquerade( fully-random)?" + COMMENT);

    private final Ruleset ruleset;
    private final Set<IpAddress> local;

    NftTracer(Ruleset ruleset, Set<IpAddress> localAddresses) {
        this.ruleset = ruleset;
        this.local = localAddresses;
    }

    /** Whether a new {@code protocol} flow to {@code destination} leaves with the node's address. */
    boolean masquerades(IpAddress destination, String protocol) {
        return walk(NftRenderer.BASE_CHAIN, destination, protocol);
    }

    private boolean walk(String chain, IpAddress dst, String protocol) {
        List<String> rules = ruleset.chains().get(chain).rules();
        for (String rule : rules) {
            Matcher m;
            if (LOCAL.matcher(rule).matches()) {
                if (local.contains(dst)) {
                    return false;
                }
            } else if ((m = SET.matcher(rule)).matches()) {
                boolean familyMatches = m.group(1).equals("ip") == (dst.family() == IpFamily.IPV4);
                if (familyMatches && inSet(m.group(2), dst)) {
                    return m.group(4) == null ? false : walk(m.group(4), dst, protocol);
                }
            } else if ((m = NFPROTO.matcher(rule)).matches()) {
                if (m.group(1).equals("ipv4") == (dst.family() == IpFamily.IPV4)) {
                    return walk(m.group(2), dst, protocol);
                }
            } else if ((m = TO_PORTS.matcher(rule)).matches()) {
                if (m.group(1).equals(protocol)) {
                    return true;
                }
            } else if (MASQ.matcher(rule).matches()) {
                return true;
            } else {
                throw new IllegalArgumentException("tracer does not recognise rule: " + rule);
            }
        }
        return false; // end of a goto'd chain or the base chain: accept without NAT
    }

    private boolean inSet(String name, IpAddress dst) {
        return ruleset.sets().get(name).elements().stream().map(Cidr::parse).anyMatch(c -> c.contains(dst));
    }
}
