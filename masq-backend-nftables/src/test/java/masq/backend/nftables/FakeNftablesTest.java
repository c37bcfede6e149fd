package masq.backend.nftables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The fake rejects what nft rejects, and a rejected batch changes nothing. */
class FakeNftablesTest {

    private final FakeNftables nft = new FakeNftables();

    private void assertRejected(String script, String error) {
        String before = nft.run("list ruleset\n").output();
        NftExecutor.Result r = nft.run(script);
        assertFalse(r.ok(), script);
        assertTrue(r.error().contains(error), r.error());
        assertEquals(before, nft.run("list ruleset\n").output(), "a failed batch is not applied");
    }

    @Test
    void deleteOfMissingTableIsRejected() {
        assertRejected("delete table inet ip-masq-agent\n", "No such file or directory");
    }

    @Test
    void addDeleteAddOfMissingTableIsAccepted() {
        assertTrue(nft.run("add table inet t\ndelete table inet t\nadd table inet t\n").ok());
    }

    @Test
    void overlappingIntervalElementsAreRejected() {
        assertTrue(nft.run("add table inet t\nadd set inet t s { type ipv4_addr; flags interval; }\n"
                + "add element inet t s { 10.0.0.0/8 }\n").ok());
        assertRejected("add element inet t s { 192.168.0.0/16 }\nadd element inet t s { 10.1.0.0/16 }\n",
                "conflicting intervals");
        assertRejected("add element inet t s { 0.0.0.0/0 }\n", "conflicting intervals");
    }

    @Test
    void ruleReferencingAMissingSetOrChainIsRejected() {
        assertTrue(nft.run("add table inet t\nadd chain inet t c\n").ok());
        assertRejected("add rule inet t c ip daddr @nope return\n", "No such file or directory");
        assertRejected("add rule inet t c goto nope\n", "No such file or directory");
    }

    @Test
    void elementOfTheWrongFamilyIsRejected() {
        assertTrue(nft.run("add table inet t\nadd set inet t s { type ipv6_addr; flags interval; }\n").ok());
        assertRejected("add element inet t s { 10.0.0.0/8 }\n", "does not match set type");
    }

    @Test
    void unknownSyntaxIsRejected() {
        assertRejected("add table inet t\nreplace rule inet t c 1 accept\n", "syntax error");
    }
}
