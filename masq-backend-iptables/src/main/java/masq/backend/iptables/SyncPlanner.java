package masq.backend.iptables;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Pure: compares one family's nat table (as iptables-save printed it) with what the agent wants and
 * writes the single {@code iptables-restore --noflush} payload that fixes every difference at once.
 *
 * <p>Ownership is decided by comments only: our chain, POSTROUTING rules carrying the jump comment of any
 * release (quoted or not, any chain name), and chains whose rules all carry our rule comments. Everything
 * else in the table is never named in a payload, so {@code --noflush} leaves it untouched.
 */
final class SyncPlanner {
    private static final String POSTROUTING = "POSTROUTING";
    private static final Set<String> BUILTIN = Set.of("PREROUTING", "INPUT", "OUTPUT", POSTROUTING);

    private SyncPlanner() {
    }

    /**
     * The payload that makes {@code table} hold exactly {@code rules} in {@code chain} and one jump to it.
     * The caller has checked that the chain may be taken over ({@link ChainOwnership#requireTakeover}).
     */
    static Plan sync(SavedTable table, String chain, List<MasqRule> rules) {
        List<String> lines = new ArrayList<>();
        List<String> changes = new ArrayList<>();
        List<String> expected = rules.stream().map(r -> String.join(" ", r.savedSpec())).toList();
        if (!table.hasChain(chain) || !table.rules(chain).equals(expected)) {
            // In --noflush mode a chain line flushes just that chain (creating it if needed), so the
            // rewrite is atomic with everything else in this payload.
            lines.add(":" + chain + " - [0:0]");
            rules.forEach(r -> lines.add("-A " + chain + " " + String.join(" ", r.restoreSpec())));
            changes.add((table.hasChain(chain) ? "chain " + chain + " rewritten" : "chain " + chain + " created")
                    + " (" + rules.size() + " rules)");
        }
        String jump = String.join(" ", ChainRules.jump(chain));
        List<String> deleted = new ArrayList<>();
        Set<String> staleChains = new LinkedHashSet<>();
        int good = 0;
        for (String rule : table.rules(POSTROUTING)) {
            if (rule.equals(jump)) {
                if (++good > 1) {
                    deleted.add(rule);
                }
                continue;
            }
            SavedTable.comment(rule).flatMap(Comments::jumpChain).ifPresent(named -> {
                deleted.add(rule);
                if (!named.equals(chain)) {
                    staleChains.add(named);
                }
            });
        }
        deleted.forEach(r -> lines.add("-D " + POSTROUTING + " " + r));
        if (!deleted.isEmpty()) {
            changes.add(deleted.size() + " stale or duplicate jump(s) removed");
        }
        if (good == 0) {
            lines.add("-A " + POSTROUTING + " " + jump);
            changes.add("jump added");
        }
        boolean needsWholeTable = !staleChains.isEmpty();
        staleChains.addAll(ownedChains(table, chain));
        staleChains.remove(chain);
        List<String> warnings = new ArrayList<>();
        keepForeign(table, staleChains, warnings);
        removeChains(table, staleChains, deleted, lines, changes, warnings);
        return plan(lines, changes, warnings, needsWholeTable);
    }

    /** The payload that removes every jump and chain we own (see class comment), and nothing else. */
    static Plan cleanup(SavedTable table, Collection<String> knownChains) {
        List<String> lines = new ArrayList<>();
        List<String> changes = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        Set<String> chains = new LinkedHashSet<>();
        for (String rule : table.rules(POSTROUTING)) {
            SavedTable.comment(rule).flatMap(Comments::jumpChain).ifPresent(named -> {
                deleted.add(rule);
                chains.add(named);
            });
        }
        deleted.forEach(r -> lines.add("-D " + POSTROUTING + " " + r));
        if (!deleted.isEmpty()) {
            changes.add(deleted.size() + " jump(s) removed");
        }
        // A chain we synced ourselves is ours even when empty, provided nobody added foreign rules.
        knownChains.stream().filter(c -> table.rules(c).stream().allMatch(ChainOwnership::carriesOurComment))
                .forEach(chains::add);
        chains.addAll(ownedChains(table, ""));
        List<String> warnings = new ArrayList<>();
        keepForeign(table, chains, warnings);
        removeChains(table, chains, deleted, lines, changes, warnings);
        return plan(lines, changes, warnings, true);
    }

    /**
     * Drops from {@code chains} those holding rules that are not ours: a chain named by our jump may still
     * be someone else's (e.g. kube-proxy's, named by {@code --masq-chain=KUBE-POSTROUTING} on an older
     * release). The jump goes, the chain stays.
     */
    private static void keepForeign(SavedTable table, Set<String> chains, List<String> warnings) {
        for (String c : List.copyOf(chains)) {
            List<String> foreign = ChainOwnership.foreignRules(table, c);
            if (!foreign.isEmpty()) {
                chains.remove(c);
                warnings.add("chain " + c + " holds " + foreign.size() + " rule(s) ip-masq-agent did not write; left in place");
            }
        }
    }

    /** Non-empty user chains other than {@code current} whose every rule carries one of our chain-rule comments. */
    private static Set<String> ownedChains(SavedTable table, String current) {
        Set<String> out = new LinkedHashSet<>();
        table.chains().forEach((name, rules) -> {
            if (!BUILTIN.contains(name) && !name.equals(current) && !rules.isEmpty()
                    && rules.stream().allMatch(ChainOwnership::carriesOurComment)) {
                out.add(name);
            }
        });
        return out;
    }

    /**
     * Flushes and deletes each existing chain, unless a rule we keep still jumps to it: the kernel
     * refuses to delete a referenced chain and would fail the whole transaction.
     */
    private static void removeChains(SavedTable table, Set<String> chains, List<String> deletedJumps,
                                     List<String> lines, List<String> changes, List<String> warnings) {
        for (String c : chains) {
            if (!table.hasChain(c) || BUILTIN.contains(c)) {
                continue;
            }
            long deletedRefs = deletedJumps.stream().filter(r -> SavedTable.target(r).filter(c::equals).isPresent()).count();
            long refs = table.referencesTo(c, c) - deletedRefs;
            if (refs > 0) {
                warnings.add("chain " + c + " looks like ours but " + refs + " other rule(s) jump to it; left in place");
                continue;
            }
            lines.add("-F " + c);
            lines.add("-X " + c);
            changes.add("chain " + c + " removed");
        }
    }

    private static Plan plan(List<String> lines, List<String> changes, List<String> warnings, boolean needsWholeTable) {
        if (lines.isEmpty()) {
            return new Plan("", changes, warnings, needsWholeTable);
        }
        StringBuilder sb = new StringBuilder("*nat\n");
        lines.forEach(l -> sb.append(l).append('\n'));
        return new Plan(sb.append("COMMIT\n").toString(), changes, warnings, needsWholeTable);
    }
}
