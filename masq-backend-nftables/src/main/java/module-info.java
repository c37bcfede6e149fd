/** Native nftables backend (own table, interval sets, libnftables through FFM). Exports nothing. */
module masq.backend.nftables {
    requires masq.api;
    requires org.slf4j;
}
