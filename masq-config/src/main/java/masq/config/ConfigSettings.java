package masq.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The flag values the config engine needs; it reads no flags or globals itself.
 *
 * @param enableIpv6              {@code --enable-ipv6}: IPv6 CIDRs are allowed
 * @param noMasqAllReservedRanges {@code --nomasq-all-reserved-ranges}: the default list is the 11 reserved ranges
 * @param conflictPolicy          {@code --conflict-policy}
 * @param defaultResyncInterval   {@code --resync-interval}, used when no file sets {@code resyncInterval}
 */
public record ConfigSettings(boolean enableIpv6, boolean noMasqAllReservedRanges, ConflictPolicy conflictPolicy,
                             Duration defaultResyncInterval) {
    public ConfigSettings {
        Objects.requireNonNull(conflictPolicy, "conflictPolicy");
        Objects.requireNonNull(defaultResyncInterval, "defaultResyncInterval");
    }
}
