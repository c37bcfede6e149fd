package masq.backend.iptables;

import masq.api.IpFamily;

/**
 * The two iptables flavours a node may use. Both ship in the same Debian package and print the same
 * {@code iptables-save} text; they differ in the kernel interface (legacy xtables vs nf_tables), so the
 * agent must drive the one kubelet and kube-proxy use, or its rules would sit in a table nobody consults
 * first.
 */
enum IptablesMode {
    LEGACY("legacy"),
    NFT("nft");

    private final String suffix;

    IptablesMode(String suffix) {
        this.suffix = suffix;
    }

    /** The mode's name as in binary names and logs: {@code legacy} or {@code nft}. */
    String label() {
        return suffix;
    }

    /** The kernel ruleset this mode writes, as {@link masq.api.spi.FirewallBackend#rulesetId()} names it. */
    String rulesetId() {
        return "iptables-" + suffix;
    }

    /** The binary for a family and tool, e.g. {@code ip6tables-nft-restore}: the whole naming table. */
    String binary(IpFamily family, Tool tool) {
        return (family == IpFamily.IPV4 ? "iptables" : "ip6tables") + "-" + suffix + tool.suffix;
    }

    /** The three programs of each family and mode. */
    enum Tool {
        MAIN(""),
        SAVE("-save"),
        RESTORE("-restore");

        private final String suffix;

        Tool(String suffix) {
            this.suffix = suffix;
        }
    }
}
