package masq.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What one valid-so-far file says; keys it does not set are empty. Invalid items are left out (and
 * reported), so the merge can still find duplicates and conflicts among the rest.
 *
 * @param file              the file name
 * @param nonMasquerade     present when the file sets {@code nonMasqueradeCIDRs}, even to {@code []} or null
 * @param masquerade        the file's {@code masqueradeCIDRs}
 * @param masqLinkLocal     {@code masqLinkLocal} when set
 * @param masqLinkLocalIPv6 {@code masqLinkLocalIPv6} when set
 * @param resyncInterval    {@code resyncInterval} when set (always positive)
 */
record Fragment(String file, Optional<List<CidrEntry>> nonMasquerade, List<CidrEntry> masquerade,
                Optional<Setting<Boolean>> masqLinkLocal, Optional<Setting<Boolean>> masqLinkLocalIPv6,
                Optional<Setting<Duration>> resyncInterval) {
}
