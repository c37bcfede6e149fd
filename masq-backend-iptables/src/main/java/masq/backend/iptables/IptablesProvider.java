package masq.backend.iptables;

import java.util.Optional;

/** Provider id {@code iptables}: iptables, in the node's mode (kubelet's hint chains, else the mode with more rules, else nft). */
public final class IptablesProvider extends IptablesProviderBase {
    /** Does nothing: discovery never touches the kernel. */
    public IptablesProvider() {
        this(LegacyTables.PROC);
    }

    IptablesProvider(LegacyTables legacy) {
        super(legacy);
    }

    @Override
    public String id() {
        return "iptables";
    }

    @Override
    public String description() {
        return "iptables, in the node's mode (kubelet's hint chains, else the mode with more rules, else nft)";
    }

    @Override
    Optional<IptablesMode> fixedMode() {
        return Optional.empty();
    }
}
