package masq.backend.nftables;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import masq.api.Cidr;
import masq.api.MasqPolicy;

/**
 * Pure: the table one policy renders to ({@link #ruleset()}), built from the previous one in proportion to
 * the change. When the new policy has the same structure (families, to-ports, random-fully: everything but
 * set contents), its sets are compared with the previous ones as sorted CIDR lists, walked side by side, and
 * only the CIDRs that differ are written as text; the new ruleset is the previous one with those elements
 * taken out and put in, and the element transaction from the previous ruleset to it ({@link #diff}) is known
 * without comparing 10 000 texts. Anything else (a new structure, more than {@link ElementDiff#MAX_CHANGES}
 * changes) is rendered from scratch. {@code DesiredTableTest} checks both ways give the same table and the
 * same transaction.
 */
final class DesiredTable {
    private final MasqPolicy policy;
    /** The objects with empty sets. */
    private final List<NftObject> structure;
    /** Set name to its CIDRs, collapsed, in address order. */
    private final SortedMap<String, List<Cidr>> contents;
    private final Ruleset ruleset;
    /** The ruleset this one was built from, and the element transaction from it to this one; or null. */
    private final Ruleset from;
    private final ElementDiff.Result step;

    private DesiredTable(MasqPolicy policy, List<NftObject> structure, SortedMap<String, List<Cidr>> contents,
            Ruleset ruleset, Ruleset from, ElementDiff.Result step) {
        this.policy = policy;
        this.structure = structure;
        this.contents = contents;
        this.ruleset = ruleset;
        this.from = from;
        this.step = step;
    }

    /** Rendered from scratch. */
    static DesiredTable of(MasqPolicy policy) {
        SortedMap<String, List<Cidr>> contents = NftRenderer.contents(policy);
        return new DesiredTable(policy, NftRenderer.objects(policy, Map.of()), contents,
                Ruleset.of(NftRenderer.objects(policy, contents)), null, null);
    }

    MasqPolicy policy() {
        return policy;
    }

    Ruleset ruleset() {
        return ruleset;
    }

    /** Every object of the table, for a rewrite (rendered again: rewrites are rare). */
    List<NftObject> objects() {
        return NftRenderer.objects(policy, contents);
    }

    /** What turns {@code have} (a table as known or read) into this one. */
    ElementDiff.Result diff(Ruleset have) {
        if (have == ruleset) {
            return new ElementDiff.InSync();
        }
        return have == from ? step : ElementDiff.between(have, ruleset);
    }

    /** The table for {@code next}: this one when the policy is equal, else built from this one where it can be. */
    DesiredTable next(MasqPolicy next) {
        if (next == policy || next.equals(policy)) {
            return this;
        }
        List<NftObject> nextStructure = NftRenderer.objects(next, Map.of());
        if (!nextStructure.equals(structure)) {
            return of(next);
        }
        SortedMap<String, List<Cidr>> nextContents = NftRenderer.contents(next);
        SortedMap<String, List<String>> gone = new TreeMap<>();
        SortedMap<String, List<String>> added = new TreeMap<>();
        int changes = 0;
        for (Map.Entry<String, List<Cidr>> e : nextContents.entrySet()) {
            List<String> g = new ArrayList<>();
            List<String> a = new ArrayList<>();
            walk(contents.get(e.getKey()), e.getValue(), g, a);
            changes += g.size() + a.size();
            if (changes > ElementDiff.MAX_CHANGES) {
                return of(next);
            }
            gone.put(e.getKey(), g);
            added.put(e.getKey(), a);
        }
        SortedMap<String, Ruleset.SetState> sets = new TreeMap<>();
        ruleset.sets().forEach((name, set) -> {
            SortedSet<String> elements = new TreeSet<>(set.elements());
            elements.removeAll(gone.get(name));
            elements.addAll(added.get(name));
            sets.put(name, new Ruleset.SetState(set.header(), elements));
        });
        Ruleset nextRuleset = new Ruleset(ruleset.comment(), sets, ruleset.chains());
        ElementDiff.Result step = changes == 0 ? new ElementDiff.InSync() : ElementDiff.elements(gone, added);
        return new DesiredTable(next, nextStructure, nextContents, nextRuleset, ruleset, step);
    }

    /** CIDRs only in {@code have} to {@code gone}, only in {@code want} to {@code added}, as text; one pass. */
    private static void walk(List<Cidr> have, List<Cidr> want, List<String> gone, List<String> added) {
        int i = 0;
        int j = 0;
        while (i < have.size() || j < want.size()) {
            int c = i == have.size() ? 1 : j == want.size() ? -1 : have.get(i).compareTo(want.get(j));
            if (c < 0) {
                gone.add(have.get(i).toString());
            } else if (c > 0) {
                added.add(want.get(j).toString());
            }
            if (c <= 0) {
                i++;
            }
            if (c >= 0) {
                j++;
            }
        }
    }
}
