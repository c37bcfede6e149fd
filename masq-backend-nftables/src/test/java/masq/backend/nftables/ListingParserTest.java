package masq.backend.nftables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The parser reads nft 1.0.6's own listing (text captured from the real tool, wrapped elements included). */
class ListingParserTest {

    private static final String REAL = """
            table inet ip-masq-agent {
            	comment "ip-masq-agent: x"
            	set nonmasq-ipv4 {
            		type ipv4_addr
            		flags interval
            		comment "ip-masq-agent: destinations not subject to MASQUERADE"
            		elements = { 10.0.0.0/8, 169.254.0.0/16,
            			     172.16.0.0/12, 198.51.100.7 }
            	}

            	set nonmasq-ipv6 {
            		type ipv6_addr
            		flags interval
            		auto-merge
            		elements = { fe80::/10 }
            	}

            	chain postrouting {
            		type nat hook postrouting priority srcnat; policy accept;
            		fib daddr type local return comment "ip-masq-agent: local"
            		goto masq
            	}

            	chain masq {
            		masquerade fully-random
            	}
            }
            """;

    @Test
    void parsesSetsChainsAndWrappedElements() {
        Ruleset r = ListingParser.parse(REAL);
        assertEquals("ip-masq-agent: x", r.comment().orElseThrow());
        assertEquals(List.of("10.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "198.51.100.7/32"),
                List.copyOf(r.sets().get("nonmasq-ipv4").elements()));
        assertEquals(List.of("type ipv6_addr", "flags interval", "auto-merge"), r.sets().get("nonmasq-ipv6").header());
        assertEquals("type nat hook postrouting priority srcnat; policy accept;",
                r.chains().get("postrouting").base().orElseThrow());
        assertEquals(List.of("fib daddr type local return comment \"ip-masq-agent: local\"", "goto masq"),
                r.chains().get("postrouting").rules());
        assertEquals(List.of("masquerade fully-random"), r.chains().get("masq").rules());
    }

    /** Elements wrapped over many lines, the list opening or closing on a line of its own. */
    @Test
    void elementListsEndAtTheLineThatEndsInABrace() {
        String listing = """
                table inet t {
                	set a {
                		type ipv4_addr
                		elements = {
                			     10.0.0.0/8,
                			     192.0.2.1,   198.51.100.0/24
                		}
                	}
                	set b {
                		type ipv4_addr
                		elements = { 10.1.0.0/16,
                			     10.2.0.0/16 }
                		comment "after"
                	}
                }
                """;
        Ruleset r = ListingParser.parse(listing);
        assertEquals(List.of("10.0.0.0/8", "192.0.2.1/32", "198.51.100.0/24"), List.copyOf(r.sets().get("a").elements()));
        assertEquals(List.of("10.1.0.0/16", "10.2.0.0/16"), List.copyOf(r.sets().get("b").elements()));
        assertEquals(List.of("type ipv4_addr", "comment \"after\""), r.sets().get("b").header());
    }

    @Test
    void rejectsSomethingElse() {
        assertThrows(IllegalArgumentException.class, () -> ListingParser.parse("Error: nope\n"));
    }
}
