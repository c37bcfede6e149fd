package masq.app.foreign;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import masq.app.foreign.NatRule.Match;

/** Names who most likely wrote a translating rule, from the marks those products leave (chain names, comments). */
final class Owners {
    private Owners() {
    }

    /**
     * @param hook  where the rule is
     * @param entry the base-chain rule the path leaves by (the rule itself when it is in the base chain)
     * @param rule  the translating rule
     */
    static ForeignKind kind(NatHook hook, NatRule entry, NatRule rule) {
        List<String> comments = Stream.of(entry.comment(), rule.comment()).flatMap(Optional::stream).toList();
        String chains = entry.target().orElse("") + " " + rule.chain();
        String text = entry.text() + " " + rule.text();
        if (comments.stream().anyMatch(c -> c.contains(ForeignRules.AGENT_COMMENT))) {
            return ForeignKind.IP_MASQ_AGENT;
        }
        if (chains.contains("KUBE-POSTROUTING") || hook.table().endsWith(" kube-proxy")
                || comments.stream().anyMatch(c -> c.startsWith("kubernetes "))) {
            return ForeignKind.KUBE_PROXY;
        }
        if (comments.stream().anyMatch(c -> c.startsWith("kubelet")) || kubeletShape(hook, rule)) {
            return ForeignKind.KUBELET;
        }
        if (chains.contains("CNI-") || comments.stream().anyMatch(c -> c.startsWith("name: ") && c.contains(" id: "))) {
            return ForeignKind.CNI;
        }
        if (chains.contains("cali-")) {
            return ForeignKind.CALICO;
        }
        if (chains.contains("FLANNEL") || hook.table().contains("flannel")) {
            return ForeignKind.FLANNEL;
        }
        if (text.contains("docker0") || text.contains("172.17.0.0/16")) {
            return ForeignKind.DOCKER;
        }
        return hook.iptables() ? ForeignKind.OTHER : ForeignKind.NFTABLES;
    }

    /** {@code -A POSTROUTING ! -d <cluster cidr> -m addrtype ! --dst-type LOCAL -j MASQUERADE}: kubelet's old rule. */
    private static boolean kubeletShape(NatHook hook, NatRule rule) {
        return hook.iptables() && rule.chain().equals(hook.chain()) && rule.matches().size() == 2
                && rule.matches().stream().allMatch(m -> m.negated()
                        && (m.kind() == Match.Kind.DESTINATION || m.kind() == Match.Kind.DESTINATION_LOCAL));
    }
}
