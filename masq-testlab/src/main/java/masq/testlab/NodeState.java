package masq.testlab;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import masq.api.spi.CommandRunner;

/**
 * A node namespace's firewall as text, for "this command created nothing" assertions, and the seed of a
 * typical node in nft mode. Reading creates nothing: legacy tables come from {@code ip_tables_names} /
 * {@code ip6_tables_names} (never from {@code iptables-legacy-save}, which would create the table it
 * reads), nft tables from {@code nft list ruleset}.
 */
public final class NodeState {
    /** kube-proxy's nat postrouting rules (iptables mode, v1.29), as it restores them. */
    public static final String KUBE_PROXY_NAT = """
            *nat
            :KUBE-POSTROUTING - [0:0]
            -A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
            -A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
            -A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0
            -A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully
            COMMIT
            """;

    private NodeState() {
    }

    /**
     * The legacy tables of both families and the whole nft ruleset (iptables-nft's tables included):
     * {@code legacy IPv4 [..]\nlegacy IPv6 [..]\n<nft list ruleset>}. An untouched namespace gives
     * {@code "legacy IPv4 []\nlegacy IPv6 []\n"}.
     */
    public static String of(String namespace) throws IOException {
        return "legacy IPv4 " + InNamespace.legacyTables(namespace, false) + "\nlegacy IPv6 "
                + InNamespace.legacyTables(namespace, true) + "\n" + LabCommands.in(namespace).check("nft", "list", "ruleset");
    }

    /**
     * Makes {@code namespace} a node in nft mode, as kubelet and kube-proxy leave it: kubelet's
     * KUBE-IPTABLES-HINT chain in the nft mangle tables of both families, kube-proxy's nat rules written
     * with iptables-nft. No legacy table.
     */
    public static void seedNftMode(String namespace) throws IOException {
        LabCommands node = LabCommands.in(namespace);
        node.check("iptables-nft", "-t", "mangle", "-N", "KUBE-IPTABLES-HINT");
        node.check("ip6tables-nft", "-t", "mangle", "-N", "KUBE-IPTABLES-HINT");
        restore(node, "iptables-nft-restore", KUBE_PROXY_NAT);
    }

    /** {@code <restore> -w 5 --noflush} with the payload; fails the test when the tool refuses it. */
    public static void restore(CommandRunner node, String restoreBinary, String payload) throws IOException {
        CommandRunner.Result r = node.run(List.of(restoreBinary, "-w", "5", "--noflush"), payload, Duration.ofSeconds(30));
        if (!r.ok()) {
            throw new IllegalStateException(restoreBinary + " failed (" + r.exitCode() + "): " + r.stderr());
        }
    }
}
