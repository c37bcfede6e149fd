package masq.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import masq.api.Cidr;
import masq.api.ConfigProblem.Kind;
import masq.api.ConfigProblem.Severity;

/**
 * Merges the files' fragments in order: CIDR lists are unioned in first-seen order with duplicates dropped,
 * defaults apply when no file sets {@code nonMasqueradeCIDRs}, and scalar keys are resolved by
 * {@link Conflicts}.
 */
final class Merger {
    private final ConfigSettings settings;
    private final Problems problems;

    Merger(ConfigSettings settings, Problems problems) {
        this.settings = settings;
        this.problems = problems;
    }

    EffectiveConfig merge(List<Fragment> fragments) {
        boolean anySetsNonMasq = fragments.stream().anyMatch(f -> f.nonMasquerade().isPresent());
        List<CidrEntry> nonMasqWritten = anySetsNonMasq
                ? fragments.stream().flatMap(f -> f.nonMasquerade().orElse(List.of()).stream()).toList()
                : Defaults.nonMasquerade(settings.noMasqAllReservedRanges());
        Map<Cidr, CidrEntry> nonMasq = union(nonMasqWritten);
        Map<Cidr, CidrEntry> masq = union(fragments.stream().flatMap(f -> f.masquerade().stream()).toList());

        List<String> files = fragments.stream().map(Fragment::file).toList();
        Conflicts conflicts = new Conflicts(settings.conflictPolicy(), files, problems);
        conflicts.checkLists(nonMasq, masq);
        // A default entry equal to an always-masquerade CIDR is dropped: masqueradeCIDRs are evaluated first,
        // so it could never decide, and the user cannot remove a default entry except by replacing the list.
        nonMasq.values().removeIf(e -> e.file().equals(Defaults.FILE) && masq.containsKey(e.cidr()));

        List<CidrEntry> rendered = new ArrayList<>();
        List<CidrEntry> covered = new ArrayList<>();
        Supernets.Lengths lengths = Supernets.Lengths.of(nonMasq.keySet());
        for (CidrEntry e : nonMasq.values()) {
            // A non-masquerade CIDR inside a broader one can never change a verdict: both say RETURN, the only
            // rule between them (link-local) says RETURN too, and the always-masquerade CIDRs are matched before
            // all of them, so a masquerade CIDR that carves a hole out of the broader range carves it out of the
            // narrower one as well. Dropping it is always safe (CoveredCidrsTest checks this on random configs).
            // A loop, not a stream: this runs for every CIDR (10 000 per load) and C1 inlines no lambdas.
            boolean inside = false;
            for (Cidr c : Supernets.of(e.cidr(), lengths)) {
                if (c.prefixLength() < e.cidr().prefixLength() && nonMasq.containsKey(c)) {
                    inside = true;
                    break;
                }
            }
            (inside ? covered : rendered).add(e);
        }
        return new EffectiveConfig(rendered, List.copyOf(masq.values()), covered,
                conflicts.bool(FragmentReader.MASQ_LINK_LOCAL, settingsOf(fragments, Fragment::masqLinkLocal)),
                conflicts.bool(FragmentReader.MASQ_LINK_LOCAL_IPV6, settingsOf(fragments, Fragment::masqLinkLocalIPv6)),
                conflicts.interval(settingsOf(fragments, Fragment::resyncInterval))
                        .orElse(settings.defaultResyncInterval()),
                files);
    }

    /**
     * First-seen order; a repeated CIDR (canonical form, so 10.0.0.0/08 = 10.0.0.0/8) is one warning naming its
     * first two places and how often it is listed (30 000 repeats make one line, not 30 000).
     */
    private Map<Cidr, CidrEntry> union(List<CidrEntry> entries) {
        Map<Cidr, CidrEntry> union = new LinkedHashMap<>();
        Map<Cidr, Repeat> repeats = new LinkedHashMap<>();
        for (CidrEntry e : entries) {
            CidrEntry first = union.putIfAbsent(e.cidr(), e);
            if (first != null) {
                repeats.computeIfAbsent(e.cidr(), c -> new Repeat(first, e)).count++;
            }
        }
        repeats.forEach((cidr, r) -> problems.add(Severity.WARNING, Kind.DUPLICATE, r.first.origin(), r.second.origin(),
                "CIDR " + cidr + (r.count == 1 ? " is listed more than once; the repeat is ignored"
                        : " is listed " + (r.count + 1) + " times; the repeats are ignored")));
        return union;
    }

    /** A CIDR's first two places and how many times it is repeated after the first. */
    private static final class Repeat {
        final CidrEntry first;
        final CidrEntry second;
        int count;

        Repeat(CidrEntry first, CidrEntry second) {
            this.first = first;
            this.second = second;
        }
    }

    private static <T> List<Setting<T>> settingsOf(List<Fragment> fragments,
                                              Function<Fragment, Optional<Setting<T>>> key) {
        return fragments.stream().map(key).flatMap(Optional::stream).toList();
    }
}
