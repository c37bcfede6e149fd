package masq.backend.iptables;

import java.util.Optional;
import masq.api.spi.Backend;

/** Provider id {@code iptables-nft}: iptables-nft (nf_tables through the iptables tools): kubernetes-sigs/ip-masq-agent's exact rules. */
@Backend(id = "iptables-nft", description = "iptables-nft (nf_tables through the iptables tools): kubernetes-sigs/ip-masq-agent's exact rules")
public final class IptablesNftProvider extends IptablesProviderBase {
    /** Does nothing: discovery never touches the kernel. (nft mode never consults the legacy tables.) */
    public IptablesNftProvider() {
        super(LegacyTables.PROC);
    }

    @Override
    Optional<IptablesMode> fixedMode() {
        return Optional.of(IptablesMode.NFT);
    }
}
