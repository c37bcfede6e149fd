package masq.backend.iptables;

import java.util.Optional;

/** Provider id {@code iptables-nft}: iptables-nft (nf_tables through the iptables tools): kubernetes-sigs/ip-masq-agent's exact rules. */
public final class IptablesNftProvider extends IptablesProviderBase {
    /** Does nothing: discovery never touches the kernel. (nft mode never consults the legacy tables.) */
    public IptablesNftProvider() {
        super(LegacyTables.PROC);
    }

    @Override
    public String id() {
        return "iptables-nft";
    }

    @Override
    public String description() {
        return "iptables-nft (nf_tables through the iptables tools): kubernetes-sigs/ip-masq-agent's exact rules";
    }

    @Override
    Optional<IptablesMode> fixedMode() {
        return Optional.of(IptablesMode.NFT);
    }
}
