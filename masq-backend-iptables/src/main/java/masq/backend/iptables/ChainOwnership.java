package masq.backend.iptables;

import java.util.List;
import java.util.stream.Collectors;

import masq.api.IpFamily;
import masq.api.spi.BackendException;

/**
 * Pure: whether an existing chain is ours to rewrite or remove. {@code --masq-chain} may name any chain,
 * e.g. kube-proxy's {@code KUBE-POSTROUTING}; rewriting that would silently drop kube-proxy's masquerade
 * rules. A chain may be taken over only when
 * <ul>
 *   <li>it is empty (or absent), or</li>
 *   <li>every rule in it carries one of our chain-rule comments ({@link Comments}), or</li>
 *   <li>a POSTROUTING rule with our jump comment names it and at least one of its rules is ours: our own
 *       chain into which someone inserted a rule, which a sync repairs as drift.</li>
 * </ul>
 */
final class ChainOwnership {
    /** How many foreign rules an error message quotes. */
    private static final int SHOWN = 5;

    private ChainOwnership() {
    }

    /** Whether a rule carries one of the comments our chain rules use. */
    static boolean carriesOurComment(String rule) {
        return SavedTable.comment(rule).filter(Comments::isChainRuleComment).isPresent();
    }

    /** The rules of {@code chain} that forbid taking it over; empty when it may be taken over. */
    static List<String> foreignRules(SavedTable table, String chain) {
        List<String> rules = table.rules(chain);
        List<String> foreign = rules.stream().filter(r -> !carriesOurComment(r)).toList();
        boolean oursEdited = foreign.size() < rules.size() && namedByOurJump(table, chain);
        return oursEdited ? List.of() : foreign;
    }

    private static boolean namedByOurJump(SavedTable table, String chain) {
        return table.rules("POSTROUTING").stream()
                .anyMatch(r -> SavedTable.comment(r).flatMap(Comments::jumpChain).filter(chain::equals).isPresent());
    }

    /**
     * Throws when {@code chain} holds rules that are not ours (nothing has been written at that point).
     *
     * @throws BackendException {@code ALREADY_EXISTS}, naming the chain and quoting the foreign rules
     */
    static void requireTakeover(SavedTable table, String chain, IpFamily family) throws BackendException {
        List<String> foreign = foreignRules(table, chain);
        if (foreign.isEmpty()) {
            return;
        }
        String shown = foreign.stream().limit(SHOWN).map(r -> "\"-A " + chain + " " + r + "\"").collect(Collectors.joining(", "));
        String more = foreign.size() > SHOWN ? " and " + (foreign.size() - SHOWN) + " more" : "";
        throw new BackendException(BackendException.Reason.ALREADY_EXISTS, "failed to sync chain " + chain + ": the "
                + family + " nat table already has a chain " + chain + " holding " + foreign.size()
                + " rule(s) ip-masq-agent did not write: " + shown + more + "; refusing to take it over, nothing was "
                + "changed. Choose another --masq-chain (default IP-MASQ-AGENT), or remove those rules if they are stale");
    }
}
