package masq.config;

import java.util.List;
import java.util.Optional;
import masq.api.GoDuration;

/**
 * A canonical, line-oriented text of an {@link EffectiveConfig}: every CIDR with where it came from, then
 * the scalar keys. Stable (used by golden tests and by {@code check}); one fact per line.
 */
public final class ConfigDump {
    private ConfigDump() {
    }

    /** The text, ending in a newline. */
    public static String render(EffectiveConfig config) {
        StringBuilder sb = new StringBuilder();
        list(sb, "nonMasqueradeCIDRs", config.nonMasquerade(), config);
        list(sb, "masqueradeCIDRs", config.masquerade(), config);
        list(sb, "covered (not rendered)", config.covered(), config);
        sb.append("masqLinkLocal: ").append(config.masqLinkLocal()).append('\n');
        sb.append("masqLinkLocalIPv6: ").append(config.masqLinkLocalIPv6()).append('\n');
        sb.append("resyncInterval: ").append(GoDuration.format(config.resyncInterval())).append('\n');
        sb.append("files: ").append(config.files().isEmpty() ? "(none)" : String.join(", ", config.files()))
                .append('\n');
        return sb.toString();
    }

    private static void list(StringBuilder sb, String title, List<CidrEntry> entries, EffectiveConfig config) {
        sb.append(title).append(':').append(entries.isEmpty() ? " (none)" : "").append('\n');
        for (CidrEntry e : entries) {
            sb.append("  ").append(e.cidr()).append(" <- ").append(e.origin());
            coveringEntry(config, e).ifPresent(c -> sb.append(" (inside ").append(c.cidr()).append(')'));
            sb.append('\n');
        }
    }

    /** For a covered entry, the first rendered non-masquerade entry containing it. */
    static Optional<CidrEntry> coveringEntry(EffectiveConfig config, CidrEntry entry) {
        if (!config.covered().contains(entry)) {
            return Optional.empty();
        }
        return config.nonMasquerade().stream().filter(n -> n.cidr().contains(entry.cidr())).findFirst();
    }
}
