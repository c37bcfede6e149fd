/** iptables backend (legacy and nft modes). Exports nothing; provides the backend SPI. */
module masq.backend.iptables {
    requires masq.api;
    requires org.slf4j;
}
