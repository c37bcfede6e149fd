package masq.backend.nftables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import masq.backend.nftables.NftObject.Chain;
import masq.backend.nftables.NftObject.Element;
import masq.backend.nftables.NftObject.NftSet;
import masq.backend.nftables.NftObject.Rule;
import masq.backend.nftables.NftObject.Table;
import org.junit.jupiter.api.Test;

/** Each verb and object renders to nft's syntax; invalid values never get that far. */
class NftSyntaxTest {

    private static final NftObject.TableRef T = new NftObject.TableRef("inet", "ip-masq-agent");

    @Test
    void rendersEveryVerbAndObject() {
        Transaction tx = new Transaction()
                .add(new Table(T, Optional.empty()))
                .add(new NftSet(T, "s", "ipv6_addr", List.of("interval"), Optional.empty(), List.of()))
                .add(new Element(T, "s", List.of("fd00::/8", "2001:db8::1")))
                .delete(new Element(T, "s", List.of("2001:db8::1")))
                .flush(new Chain(T, "c", Optional.empty()))
                .delete(new NftSet(T, "s", "ipv6_addr", List.of(), Optional.empty(), List.of("fd00::/8")))
                .delete(new Chain(T, "c", Optional.of("type nat hook postrouting priority srcnat; policy accept;")))
                .delete(new Table(T, Optional.of("ip-masq-agent: x")));
        assertEquals("""
                add table inet ip-masq-agent
                add set inet ip-masq-agent s { type ipv6_addr; flags interval; }
                add element inet ip-masq-agent s { fd00::/8, 2001:db8::1 }
                delete element inet ip-masq-agent s { 2001:db8::1 }
                flush chain inet ip-masq-agent c
                delete set inet ip-masq-agent s
                delete chain inet ip-masq-agent c
                delete table inet ip-masq-agent
                """, tx.render());
    }

    @Test
    void rejectsWhatCouldBreakOutOfTheText() {
        assertThrows(IllegalArgumentException.class, () -> new NftObject.TableRef("inet", "x; flush ruleset"));
        assertThrows(IllegalArgumentException.class, () -> new Rule(T, "c", "accept\nflush ruleset", Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new Rule(T, "c", "accept", Optional.of("no prefix")));
        assertThrows(IllegalArgumentException.class,
                () -> new Rule(T, "c", "accept", Optional.of("ip-masq-agent: \" ; flush ruleset")));
        assertThrows(IllegalArgumentException.class, () -> new Element(T, "s", List.of("10.0.0.0/8 }")));
        assertThrows(IllegalArgumentException.class, () -> new Transaction().flush(new Element(T, "s", List.of())));
        assertThrows(IllegalArgumentException.class,
                () -> new Transaction().delete(new Rule(T, "c", "accept", Optional.empty())).render());
    }

    /** Element texts are checked by a loop; it accepts exactly the former pattern's language. */
    @Test
    void elementValidationAcceptsExactlyThePattern() {
        java.util.regex.Pattern element = java.util.regex.Pattern.compile("[0-9a-f.:]+(/[0-9]{1,3})?");
        java.util.Random r = new java.util.Random(7);
        String alphabet = "09af.:/g -";
        for (int i = 0; i < 100_000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int k = r.nextInt(9); k > 0; k--) {
                sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            String v = sb.toString();
            boolean accepted;
            try {
                new Element(T, "s", List.of(v));
                accepted = true;
            } catch (IllegalArgumentException e) {
                accepted = false;
            }
            assertEquals(element.matcher(v).matches(), accepted, v);
        }
    }
}
