package masq.backend.nftables;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import masq.api.Cidr;

/**
 * Pure: the element-only transaction that turns the table we have into the one we want, when that is all
 * that differs. The table, its chains, rules and set headers stay untouched; the transaction deletes
 * first (an interval set refuses a new element that overlaps one still there), then adds, and is atomic
 * like any other batch. Empty when anything but set contents differs, when an element in the kernel is
 * not a plain CIDR we could name in a delete (someone added one with options), or when the change is so
 * large that rewriting the table is as cheap.
 */
final class ElementDiff {

    /** Beyond this many CIDRs to add or delete, the table is rewritten instead (one batch stays < 200 KB). */
    static final int MAX_CHANGES = 2000;

    private ElementDiff() {
    }

    static Optional<Transaction> between(Ruleset have, Ruleset want) {
        if (!have.comment().equals(want.comment()) || !have.chains().equals(want.chains())
                || !have.sets().keySet().equals(want.sets().keySet())) {
            return Optional.empty();
        }
        List<NftObject.Element> deletes = new ArrayList<>();
        List<NftObject.Element> adds = new ArrayList<>();
        int changes = 0;
        for (Map.Entry<String, Ruleset.SetState> e : want.sets().entrySet()) {
            Ruleset.SetState had = have.sets().get(e.getKey());
            if (!had.header().equals(e.getValue().header())) {
                return Optional.empty();
            }
            Optional<SortedSet<Cidr>> from = cidrs(had.elements());
            Optional<SortedSet<Cidr>> to = cidrs(e.getValue().elements());
            if (from.isEmpty() || to.isEmpty()) {
                return Optional.empty();
            }
            SortedSet<Cidr> gone = new TreeSet<>(from.get());
            gone.removeAll(to.get());
            SortedSet<Cidr> added = new TreeSet<>(to.get());
            added.removeAll(from.get());
            changes += gone.size() + added.size();
            if (!gone.isEmpty()) {
                deletes.add(element(e.getKey(), gone));
            }
            if (!added.isEmpty()) {
                adds.add(element(e.getKey(), added));
            }
        }
        if (changes == 0 || changes > MAX_CHANGES) {
            return Optional.empty();
        }
        Transaction tx = new Transaction();
        deletes.forEach(tx::delete);
        adds.forEach(tx::add);
        return Optional.of(tx);
    }

    /** The elements as CIDRs, in address order; empty when one is not a plain CIDR. */
    private static Optional<SortedSet<Cidr>> cidrs(SortedSet<String> elements) {
        SortedSet<Cidr> out = new TreeSet<>();
        for (String e : elements) {
            try {
                out.add(Cidr.parse(e));
            } catch (IllegalArgumentException ex) {
                return Optional.empty();
            }
        }
        return Optional.of(out);
    }

    private static NftObject.Element element(String set, SortedSet<Cidr> cidrs) {
        return new NftObject.Element(NftRenderer.TABLE, set, cidrs.stream().map(Cidr::toString).toList());
    }

    /** For summaries: how many CIDRs the transaction adds and deletes. */
    static String describe(Transaction tx) {
        int added = 0;
        int deleted = 0;
        for (Transaction.Op op : tx.ops()) {
            int n = ((NftObject.Element) op.object()).values().size();
            if (op.verb() == Transaction.Verb.ADD) {
                added += n;
            } else {
                deleted += n;
            }
        }
        return added + " set element(s) added, " + deleted + " deleted (element transaction)";
    }
}
