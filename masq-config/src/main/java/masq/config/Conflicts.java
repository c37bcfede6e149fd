package masq.config;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import masq.api.Cidr;
import masq.api.ConfigProblem.Kind;
import masq.api.ConfigProblem.Severity;
import masq.api.GoDuration;

/**
 * Finds where files (or one file) contradict themselves, names both places and both values, and resolves
 * what can be resolved: booleans are ORed (as Azure ip-masq-agent-v2 merges them), the shortest
 * {@code resyncInterval} wins. Under {@link ConflictPolicy#REJECT} every conflict is an error.
 */
final class Conflicts {
    private final ConflictPolicy policy;
    private final List<String> files;
    private final Problems problems;

    /** {@code files} gives the merge order, so a conflict's two origins are named in file order. */
    Conflicts(ConflictPolicy policy, List<String> files, Problems problems) {
        this.policy = policy;
        this.files = files;
        this.problems = problems;
    }

    /** The OR of the files' values; each file disagreeing with the first one that set the key is a conflict. */
    boolean bool(String key, List<Setting<Boolean>> settings) {
        boolean result = settings.stream().anyMatch(Setting::value);
        settings.stream().skip(1).filter(s -> !s.value().equals(settings.getFirst().value())).forEach(s ->
                report(settings.getFirst(), s, "files disagree on " + key, "true wins (the values are ORed)"));
        return result;
    }

    /** The shortest interval; each file disagreeing with the first one that set it is a conflict. */
    Optional<Duration> interval(List<Setting<Duration>> settings) {
        Optional<Duration> shortest = settings.stream().map(Setting::value).min(Comparator.naturalOrder());
        settings.stream().skip(1).filter(s -> !s.value().equals(settings.getFirst().value())).forEach(s ->
                report(settings.getFirst(), s, "files disagree on resyncInterval",
                        "the shortest, " + GoDuration.format(shortest.orElseThrow()) + ", wins"));
        return shortest;
    }

    /**
     * The same CIDR in both lists is always an error (it cannot be both). A non-masquerade CIDR inside a
     * broader always-masquerade CIDR has no effect (masquerade CIDRs are matched first): a conflict. The
     * reverse, a masquerade CIDR inside a non-masquerade one, is what masqueradeCIDRs is for.
     */
    void checkLists(Map<Cidr, CidrEntry> nonMasq, Map<Cidr, CidrEntry> masq) {
        Map<Cidr, Integer> masqOrder = new java.util.HashMap<>();
        masq.keySet().forEach(c -> masqOrder.putIfAbsent(c, masqOrder.size()));
        if (masq.isEmpty()) {
            return;
        }
        Supernets.Lengths lengths = Supernets.Lengths.of(masq.keySet());
        for (CidrEntry n : nonMasq.values()) {
            if (n.file().equals(Defaults.FILE)) {
                continue; // defaults are not the user's words; see Merger
            }
            // The masquerade CIDRs equal to or containing n, in masqueradeCIDRs order (hash lookups, not a scan).
            List<CidrEntry> containing = Supernets.of(n.cidr(), lengths).stream().filter(masq::containsKey)
                    .sorted(java.util.Comparator.comparing(masqOrder::get)).map(masq::get).toList();
            for (CidrEntry m : containing) {
                if (m.cidr().equals(n.cidr())) {
                    add(Severity.ERROR, n, m, "CIDR " + n.cidr()
                            + " is in both nonMasqueradeCIDRs and masqueradeCIDRs; remove it from one");
                } else {
                    report(n, m, "non-masquerade CIDR " + n.cidr() + " is inside always-masquerade CIDR "
                            + m.cidr() + ", which is matched first", "the non-masquerade CIDR has no effect");
                }
            }
        }
    }

    private void report(Setting<?> first, Setting<?> second, String what, String resolution) {
        problems.add(severity(), Kind.CONFLICT, first.origin(), second.origin(), detail(what, resolution));
    }

    private void report(CidrEntry first, CidrEntry second, String what, String resolution) {
        add(severity(), first, second, detail(what, resolution));
    }

    private void add(Severity severity, CidrEntry a, CidrEntry b, String detail) {
        boolean swap = files.indexOf(b.file()) < files.indexOf(a.file());
        problems.add(severity, Kind.CONFLICT, (swap ? b : a).origin(), (swap ? a : b).origin(), detail);
    }

    private Severity severity() {
        return policy == ConflictPolicy.REJECT ? Severity.ERROR : Severity.WARNING;
    }

    private String detail(String what, String resolution) {
        return what + "; " + (policy == ConflictPolicy.REJECT ? "rejected (conflict policy REJECT)" : resolution);
    }
}
