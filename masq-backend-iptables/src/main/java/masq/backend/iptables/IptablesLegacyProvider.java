package masq.backend.iptables;

import java.util.Optional;
import masq.api.spi.Backend;

/** Provider id {@code iptables-legacy}: iptables-legacy (xtables): kubernetes-sigs/ip-masq-agent's exact rules. */
@Backend(id = "iptables-legacy", description = "iptables-legacy (xtables): kubernetes-sigs/ip-masq-agent's exact rules")
public final class IptablesLegacyProvider extends IptablesProviderBase {
    /** Does nothing: discovery never touches the kernel. */
    public IptablesLegacyProvider() {
        this(LegacyTables.PROC);
    }

    IptablesLegacyProvider(LegacyTables legacy) {
        super(legacy);
    }

    @Override
    Optional<IptablesMode> fixedMode() {
        return Optional.of(IptablesMode.LEGACY);
    }
}
