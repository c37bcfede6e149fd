/**
 * Native nftables backend: a private table {@code inet ip-masq-agent} with interval sets, replaced in
 * one atomic transaction, applied in-process through libnftables (FFM) or by spawning {@code nft -f -}.
 * Exports nothing.
 *
 * <p>Needs {@code --enable-native-access=masq.backend.nftables} for the in-process path and the
 * change watch.
 *
 * @provides masq.api.spi.FirewallBackendProvider as {@code nftables}
 */
module masq.backend.nftables {
    requires masq.api;
    requires org.slf4j;

    provides masq.api.spi.FirewallBackendProvider with masq.backend.nftables.NftablesBackendProvider;
}
