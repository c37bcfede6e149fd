package masq.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import masq.api.Cidr;
import masq.api.IpAddress;
import masq.api.IpFamily;
import masq.api.MasqPolicy;

/**
 * Explains a verdict. The verdict itself is {@link MasqPolicy#decide}, the reference every backend agrees
 * with, so an explanation cannot contradict the rules; the configuration only adds where each CIDR came from.
 */
public final class Explainer {
    private Explainer() {
    }

    /** Why {@code destination} is or is not masqueraded under {@code policy}, built from {@code config}. */
    public static Explanation explain(EffectiveConfig config, MasqPolicy policy, IpAddress destination) {
        MasqPolicy.Decision decision = policy.decide(destination);
        Optional<Cidr> matched = decision.matched();
        IpFamily family = destination.family();
        String rule = switch (decision.reason()) {
            case MASQUERADE_CIDR -> "MASQUERADE: always-masquerade CIDR " + matched.orElseThrow();
            case LINK_LOCAL -> "RETURN: link-local " + matched.orElseThrow() + " ("
                    + (family == IpFamily.IPV4 ? FragmentReader.MASQ_LINK_LOCAL : FragmentReader.MASQ_LINK_LOCAL_IPV6)
                    + "=false)";
            case NON_MASQUERADE_CIDR -> "RETURN: non-masquerade CIDR " + matched.orElseThrow();
            case DEFAULT_MASQUERADE -> "MASQUERADE: no exception matched";
            case FAMILY_NOT_ENABLED -> "none: no " + family + " rules are written without --enable-ipv6";
        };
        List<CidrEntry> candidates = switch (decision.reason()) {
            case MASQUERADE_CIDR -> config.masquerade();
            case NON_MASQUERADE_CIDR -> config.nonMasquerade();
            default -> List.of();
        };
        Optional<CidrEntry> source = candidates.stream().filter(e -> matched.equals(Optional.of(e.cidr())))
                .findFirst();
        List<Explanation.Match> others = new ArrayList<>();
        addMatches(others, config.masquerade(), destination, source, "always-masquerade", config);
        addMatches(others, config.nonMasquerade(), destination, source, "non-masquerade", config);
        addMatches(others, config.covered(), destination, source, "non-masquerade", config);
        return new Explanation(destination, decision.masquerade(), rule, source, others,
                decision.reason() != MasqPolicy.Decision.Reason.FAMILY_NOT_ENABLED);
    }

    private static void addMatches(List<Explanation.Match> out, List<CidrEntry> entries, IpAddress destination,
                                   Optional<CidrEntry> decided, String role, EffectiveConfig config) {
        for (CidrEntry e : entries) {
            if (e.cidr().contains(destination) && !decided.equals(Optional.of(e))) {
                String fullRole = ConfigDump.coveringEntry(config, e)
                        .map(c -> role + ", inside " + c.cidr() + ", not rendered")
                        .orElse(role);
                out.add(new Explanation.Match(e, fullRole));
            }
        }
    }
}
