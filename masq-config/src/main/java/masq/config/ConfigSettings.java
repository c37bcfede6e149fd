package masq.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The flag values the config engine needs; it reads no flags or globals itself.
 *
 * @param enableIpv6              {@code --enable-ipv6}: IPv6 CIDRs are allowed
 * @param noMasqAllReservedRanges {@code --nomasq-all-reserved-ranges}: the default list is the 11 reserved ranges
 * @param conflictPolicy          {@code --conflict-policy}
 * @param defaultResyncInterval   {@code --resync-interval}, used when no file sets {@code resyncInterval}; at
 *                                least {@link #MIN_RESYNC_INTERVAL}
 */
public record ConfigSettings(boolean enableIpv6, boolean noMasqAllReservedRanges, ConflictPolicy conflictPolicy,
                             Duration defaultResyncInterval) {
    /**
     * The shortest resync interval: a file or flag asking for less gets this, with a warning. Every sync
     * re-reads the config and reads the kernel's rules back; 1 ns made the Go original (and this agent
     * before the floor) spin through tens of thousands of syncs a second. One second still heals drift
     * faster than anyone asks for (the benchmarks and the e2e tests use it).
     */
    public static final Duration MIN_RESYNC_INTERVAL = Duration.ofSeconds(1);

    public ConfigSettings {
        Objects.requireNonNull(conflictPolicy, "conflictPolicy");
        requireAtLeastTheFloor(defaultResyncInterval);
    }

    /** Rejects an interval below {@link #MIN_RESYNC_INTERVAL}: the callers apply the floor before (and warn). */
    static Duration requireAtLeastTheFloor(Duration interval) {
        Objects.requireNonNull(interval, "resyncInterval");
        if (interval.compareTo(MIN_RESYNC_INTERVAL) < 0) {
            throw new IllegalArgumentException("resync interval " + interval + " is below the minimum of "
                    + MIN_RESYNC_INTERVAL);
        }
        return interval;
    }
}
