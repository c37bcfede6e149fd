package masq.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import masq.api.IpFamily;
import masq.api.MasqPolicy;
import masq.api.PortRange;

/**
 * The merged, validated configuration with provenance.
 *
 * @param nonMasquerade     non-masquerade CIDRs that are rendered, in merge order (file order, then list order)
 * @param masquerade        always-masquerade CIDRs, in merge order
 * @param covered           non-masquerade CIDRs inside a broader one: not rendered (they cannot change a
 *                          verdict), kept for {@code explain}
 * @param masqLinkLocal     merged {@code masqLinkLocal}
 * @param masqLinkLocalIPv6 merged {@code masqLinkLocalIPv6}
 * @param resyncInterval    merged {@code resyncInterval}, or the flag's value when no file sets it; at least
 *                          {@link ConfigSettings#MIN_RESYNC_INTERVAL}, so the sync loop can never spin
 * @param files             the files read, in merge order; empty when there were none (a file that sets
 *                          no key still counts)
 */
public record EffectiveConfig(List<CidrEntry> nonMasquerade, List<CidrEntry> masquerade, List<CidrEntry> covered,
                              boolean masqLinkLocal, boolean masqLinkLocalIPv6, Duration resyncInterval,
                              List<String> files) {
    public EffectiveConfig {
        nonMasquerade = List.copyOf(nonMasquerade);
        masquerade = List.copyOf(masquerade);
        covered = List.copyOf(covered);
        ConfigSettings.requireAtLeastTheFloor(resyncInterval);
        files = List.copyOf(files);
    }

    /** The backend's input: this configuration plus the flag-only settings. */
    public MasqPolicy toPolicy(Set<IpFamily> families, List<PortRange> toPorts, boolean randomFully, String chain) {
        return new MasqPolicy(families,
                nonMasquerade.stream().map(CidrEntry::cidr).toList(),
                masquerade.stream().map(CidrEntry::cidr).toList(),
                masqLinkLocal, masqLinkLocalIPv6, toPorts, randomFully, chain);
    }
}
