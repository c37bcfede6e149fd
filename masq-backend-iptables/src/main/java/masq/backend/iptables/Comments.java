package masq.backend.iptables;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rule comments, verbatim from kubernetes-sigs/ip-masq-agent v2.12.2+. They are how the agent
 * recognises its own rules (and those of older releases) in a shared nat table: nothing without one of
 * these comments is ever touched.
 */
final class Comments {
    static final String NON_MASQ = "ip-masq-agent: local traffic is not subject to MASQUERADE";
    static final String MASQ = "ip-masq-agent: outbound traffic is subject to MASQUERADE (must be last in chain)";
    /** Ours (the originals have no masqueradeCIDRs): rules that masquerade a listed destination early. */
    static final String MASQ_CIDR = "ip-masq-agent: destination is in masqueradeCIDRs, subject to MASQUERADE";

    private static final String JUMP_PREFIX =
            "ip-masq-agent: ensure nat POSTROUTING directs all non-LOCAL destination traffic to our custom ";

    /**
     * Our jump comment as iptables stores it: unquoted since v2.12.2, wrapped in literal double quotes by
     * v2.10.0-v2.12.1 and by Azure ip-masq-agent-v2. Group 2 is the chain name the comment names.
     */
    private static final Pattern JUMP = Pattern.compile(
            "(\"?)" + Pattern.quote(JUMP_PREFIX) + "([A-Za-z0-9_-]+) chain\\1");

    private static final Set<String> CHAIN_RULE_COMMENTS = Set.of(NON_MASQ, MASQ, MASQ_CIDR);

    private Comments() {
    }

    /** The POSTROUTING jump comment for a chain (current, unquoted form). */
    static String jump(String chain) {
        return JUMP_PREFIX + chain + " chain";
    }

    /** The chain named by a jump comment of any release, if {@code comment} is one. */
    static Optional<String> jumpChain(String comment) {
        Matcher m = JUMP.matcher(comment);
        return m.matches() ? Optional.of(m.group(2)) : Optional.empty();
    }

    /** Whether a rule inside a chain carries one of the comments our chain rules use. */
    static boolean isChainRuleComment(String comment) {
        return CHAIN_RULE_COMMENTS.contains(comment);
    }
}
