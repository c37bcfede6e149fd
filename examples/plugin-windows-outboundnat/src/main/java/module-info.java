/**
 * An example third-party backend: on Windows nodes, where there is no iptables, the ip-masq-agent policy
 * is expressed as the {@code ExceptionList} (destinations that are NOT NATed) of the {@code OutBoundNAT}
 * endpoint policy in a win-bridge CNI config file. Selected with
 * {@code --backend=windows-outboundnat --backend-option cni-config=<file>}.
 *
 * <p>Reads {@code masq.api} and, from the agent's boot layer, Jackson and SLF4J; exports nothing.
 *
 * @provides masq.api.spi.FirewallBackendProvider {@code windows-outboundnat}
 */
module example.windows.outboundnat {
    requires masq.api;
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;

    provides masq.api.spi.FirewallBackendProvider with example.windows.outboundnat.OutboundNatBackendProvider;
}
