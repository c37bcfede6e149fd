package masq.backend.iptables;

import java.util.Optional;
import masq.api.spi.Backend;

/** Provider id {@code iptables}: iptables, in the node's mode (kubelet's hint chains, else the mode with more rules, else nft). */
@Backend(id = "iptables", description = "iptables, in the node's mode (kubelet's hint chains, else the mode with more rules, else nft)")
public final class IptablesProvider extends IptablesProviderBase {
    /** Does nothing: discovery never touches the kernel. */
    public IptablesProvider() {
        this(LegacyTables.PROC);
    }

    IptablesProvider(LegacyTables legacy) {
        super(legacy);
    }

    @Override
    Optional<IptablesMode> fixedMode() {
        return Optional.empty();
    }
}
