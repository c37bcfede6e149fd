/**
 * The iptables backend: kubernetes-sigs/ip-masq-agent v2.12's exact nat rules, written atomically with
 * one {@code iptables-restore --noflush} per family and only when {@code iptables-save} shows a
 * difference. Exports nothing.
 *
 * @provides masq.api.spi.FirewallBackendProvider ids {@code iptables} (detects the node's mode),
 *           {@code iptables-legacy} and {@code iptables-nft}
 */
module masq.backend.iptables {
    requires masq.api;
    requires org.slf4j;

    provides masq.api.spi.FirewallBackendProvider with
            masq.backend.iptables.IptablesProvider,
            masq.backend.iptables.IptablesLegacyProvider,
            masq.backend.iptables.IptablesNftProvider;
}
