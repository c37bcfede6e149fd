package masq.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import masq.api.IpAddress;

/**
 * Why one destination is (or is not) masqueraded.
 *
 * @param destination  the address asked about
 * @param masqueraded  the verdict of {@link masq.api.MasqPolicy#decide}: true when the source is rewritten
 * @param rule         the deciding rule in words, e.g. {@code RETURN: non-masquerade CIDR 10.0.0.0/8}
 * @param source       the configuration entry the deciding rule came from, when a CIDR decided
 * @param alsoMatching other configuration entries that contain the destination but did not decide
 * @param handled      false when the destination's family is not enabled: the agent writes no rules for it
 */
public record Explanation(IpAddress destination, boolean masqueraded, String rule, Optional<CidrEntry> source,
                          List<Match> alsoMatching, boolean handled) {

    /**
     * Traffic to the node's own addresses never reaches the chain; the engine cannot know those addresses.
     * Said once per answer, after the destinations (it holds for all of them).
     */
    public static final String LOCAL_NOTE = "note: destinations that are addresses of this node (LOCAL) are never"
            + " masqueraded: the jump to the chain has ! --dst-type LOCAL";

    public Explanation {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(source, "source");
        alsoMatching = List.copyOf(alsoMatching);
    }

    /** One fact per line, ending in a newline; the CLI's {@code explain} output for one destination. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append("destination: ").append(destination).append('\n');
        sb.append("masquerade: ").append(verdict()).append('\n');
        sb.append("rule: ").append(rule).append('\n');
        source.ifPresent(e -> sb.append("from: ").append(e.origin()).append('\n'));
        for (Match m : alsoMatching) {
            sb.append("also matches: ").append(m.entry().cidr()).append(" <- ").append(m.entry().origin())
                    .append(" (").append(m.role()).append(")\n");
        }
        return sb.toString();
    }

    /** {@code yes}, {@code no}, or {@code not handled (IPv6 disabled)}. */
    public String verdict() {
        return !handled ? "not handled (" + destination.family() + " disabled)" : masqueraded ? "yes" : "no";
    }

    /**
     * A configuration entry that contains the destination.
     *
     * @param entry the entry
     * @param role  what it is, e.g. {@code non-masquerade, covered by 10.0.0.0/8, not rendered}
     */
    public record Match(CidrEntry entry, String role) {
        public Match {
            Objects.requireNonNull(entry, "entry");
            Objects.requireNonNull(role, "role");
        }
    }
}
