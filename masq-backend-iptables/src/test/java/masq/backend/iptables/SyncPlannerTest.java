package masq.backend.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import masq.api.IpFamily;
import masq.api.MasqPolicy;

/** When a plan made from a partial view (two chain listings) may be used. */
class SyncPlannerTest {
    static final String JUMP = "-A POSTROUTING -m comment --comment \"ip-masq-agent: ensure nat POSTROUTING directs all non-LOCAL "
            + "destination traffic to our custom %s chain\" -m addrtype ! --dst-type LOCAL -j %s\n";
    static final List<MasqRule> RULES = ChainRules.of(MasqPolicy.defaults(), IpFamily.IPV4, true);
    static final String CHAIN = "-N IP-MASQ-AGENT\n" + RULES.stream()
            .map(r -> "-A IP-MASQ-AGENT " + String.join(" ", r.savedSpec()) + "\n").reduce("", String::concat);

    @Test
    void staleJumpToAnotherChainNeedsTheWholeTable() {
        String listing = "-P POSTROUTING ACCEPT\n" + JUMP.formatted("IP-MASQ-AGENT", "IP-MASQ-AGENT") + JUMP.formatted("OLD", "OLD") + CHAIN;
        Plan plan = SyncPlanner.sync(SavedTable.parseListing(listing), "IP-MASQ-AGENT", RULES);
        assertTrue(plan.writes());
        assertTrue(plan.needsWholeTable());
    }

    @Test
    void quotedJumpToOurChainIsPlannedFromTheListings() {
        String quoted = JUMP.formatted("IP-MASQ-AGENT", "IP-MASQ-AGENT")
                .replace("--comment \"ip-masq-agent", "--comment \"\\\"ip-masq-agent").replace(" chain\" -m", " chain\\\"\" -m");
        String listing = "-P POSTROUTING ACCEPT\n" + quoted + CHAIN;
        Plan plan = SyncPlanner.sync(SavedTable.parseListing(listing), "IP-MASQ-AGENT", RULES);
        assertFalse(plan.needsWholeTable());
        assertEquals("*nat\n-D POSTROUTING " + quoted.substring("-A POSTROUTING ".length())
                + "-A POSTROUTING " + JUMP.formatted("IP-MASQ-AGENT", "IP-MASQ-AGENT").substring("-A POSTROUTING ".length())
                + "COMMIT\n", plan.payload());
    }

    @Test
    void inSyncListingPlansNothing() {
        String listing = "-P POSTROUTING ACCEPT\n-A POSTROUTING -j KUBE-POSTROUTING\n" + JUMP.formatted("IP-MASQ-AGENT", "IP-MASQ-AGENT") + CHAIN;
        Plan plan = SyncPlanner.sync(SavedTable.parseListing(listing), "IP-MASQ-AGENT", RULES);
        assertFalse(plan.writes());
        assertEquals(List.of(), plan.changes());
    }
}
