package masq.backend.iptables;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import masq.api.IpFamily;
import masq.api.MasqPolicy;
import masq.api.spi.BackendException;
import masq.fuzz.Check;

/**
 * {@code iptables-save -t nat} and {@code iptables -S CHAIN} output as the backend reads it back: any text
 * parses (there is no documented failure), and whatever a node's nat table holds, the plans made from it
 * touch only what is ours: we rewrite only our chain, delete only POSTROUTING rules carrying our jump
 * comment, remove only chains whose rules are ours and that nothing kept still jumps to, and refuse to take
 * over a chain holding someone else's rules (ALREADY_EXISTS, naming it).
 */
class IptablesSaveFuzzTest {
    private static final Set<String> BUILT_IN = Set.of("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING");
    private static final List<MasqRule> RULES = ChainRules.of(MasqPolicy.defaults(), IpFamily.IPV4, true);

    @FuzzTest(maxDuration = "30s")
    void save(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        for (SavedTable table : List.of(SavedTable.parse(text, "nat"), SavedTable.parseListing(text))) {
            Check.that(table.equals(SavedTable.parse(text, "nat")) || table.equals(SavedTable.parseListing(text)),
                    "parse is not deterministic");
            List<String> chains = new ArrayList<>(List.of(MasqPolicy.DEFAULT_CHAIN));
            table.chains().keySet().stream().filter(c -> c.matches("[A-Za-z0-9_][A-Za-z0-9_-]{0,27}")).limit(3)
                    .forEach(chains::add);
            for (String chain : chains) {
                try {
                    ChainOwnership.requireTakeover(table, chain, IpFamily.IPV4);
                } catch (BackendException e) {
                    Check.that(e.reason() == BackendException.Reason.ALREADY_EXISTS
                            && e.getMessage().startsWith("failed to sync chain " + chain + ": ")
                            && !ChainOwnership.foreignRules(table, chain).isEmpty(), () -> "takeover refused for " + chain
                            + " without a foreign rule: " + e.getMessage());
                    continue;
                }
                plan(table, SyncPlanner.sync(table, chain, RULES).payload(), chain);
            }
            plan(table, SyncPlanner.cleanup(table, List.of(MasqPolicy.DEFAULT_CHAIN)).payload(), null);
        }
    }

    /**
     * Every line of a restore payload: {@code chain} is the one chain written ({@code null} for cleanup, which
     * writes none).
     */
    private static void plan(SavedTable table, String payload, String chain) {
        if (payload.isEmpty()) {
            return;
        }
        List<String> lines = payload.lines().toList();
        Check.that(lines.getFirst().equals("*nat") && lines.getLast().equals("COMMIT") && payload.endsWith("COMMIT\n"),
                () -> "payload frame: " + payload);
        List<String> deleted = new ArrayList<>();
        Set<String> removed = new java.util.HashSet<>();
        for (String line : lines.subList(1, lines.size() - 1)) {
            if (line.startsWith("-D POSTROUTING ")) {
                String rule = line.substring("-D POSTROUTING ".length());
                Check.that(table.rules("POSTROUTING").contains(rule)
                        && SavedTable.comment(rule).flatMap(Comments::jumpChain).isPresent(),
                        () -> "deletes a POSTROUTING rule that is not our jump: " + line);
                deleted.add(rule);
            } else if (line.startsWith("-F ") || line.startsWith("-X ")) {
                String c = line.substring(3);
                Check.that(!BUILT_IN.contains(c) && table.hasChain(c) && !c.equals(chain)
                        && ChainOwnership.foreignRules(table, c).isEmpty(), () -> "removes a chain that is not ours: " + line);
                removed.add(c);
            } else if (chain != null && line.equals(":" + chain + " - [0:0]")) {
                continue;
            } else {
                Check.that(chain != null && (line.startsWith("-A " + chain + " ")
                        || line.equals("-A POSTROUTING " + String.join(" ", ChainRules.jump(chain)))),
                        () -> "unexpected payload line: " + line);
            }
        }
        for (String c : removed) {
            long kept = table.chains().entrySet().stream().filter(e -> !removed.contains(e.getKey()))
                    .flatMap(e -> e.getValue().stream().filter(r -> !(e.getKey().equals("POSTROUTING") && deleted.contains(r))))
                    .filter(r -> SavedTable.target(r).filter(c::equals).isPresent()).count();
            Check.that(kept == 0, () -> "removes chain " + c + " while " + kept + " kept rule(s) jump to it");
        }
    }
}
