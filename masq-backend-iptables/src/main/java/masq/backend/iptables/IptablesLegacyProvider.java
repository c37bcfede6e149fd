package masq.backend.iptables;

import java.util.Optional;

/** Provider id {@code iptables-legacy}: iptables-legacy (xtables): kubernetes-sigs/ip-masq-agent's exact rules. */
public final class IptablesLegacyProvider extends IptablesProviderBase {
    /** Does nothing: discovery never touches the kernel. */
    public IptablesLegacyProvider() {
        this(LegacyTables.PROC);
    }

    IptablesLegacyProvider(LegacyTables legacy) {
        super(legacy);
    }

    @Override
    public String id() {
        return "iptables-legacy";
    }

    @Override
    public String description() {
        return "iptables-legacy (xtables): kubernetes-sigs/ip-masq-agent's exact rules";
    }

    @Override
    Optional<IptablesMode> fixedMode() {
        return Optional.of(IptablesMode.LEGACY);
    }
}
