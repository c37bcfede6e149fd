package masq.backend.nftables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import masq.api.Cidr;
import masq.api.MasqPolicy;
import masq.api.PortRange;
import org.junit.jupiter.api.Test;

/** A table built from the previous one equals the one rendered from scratch, and so does its transaction. */
class DesiredTableTest {

    @Test
    void oneCidrAddedAndOneRemovedIsThatElementTransaction() {
        DesiredTable before = DesiredTable.of(Policies.of(Policies.V4,
                Policies.cidrs("10.0.0.0/8", "192.0.2.0/24", "198.51.100.7/32"), List.of(), false, false, List.of(), true));
        DesiredTable after = before.next(Policies.of(Policies.V4,
                Policies.cidrs("10.0.0.0/8", "198.51.100.7/32", "100.64.0.0/10"), List.of(), false, false, List.of(), true));
        ElementDiff.Elements step = assertInstanceOf(ElementDiff.Elements.class, after.diff(before.ruleset()));
        assertEquals("""
                delete element inet ip-masq-agent nonmasq-ipv4 { 192.0.2.0/24 }
                add element inet ip-masq-agent nonmasq-ipv4 { 100.64.0.0/10 }
                """, step.transaction().render());
        assertEquals(DesiredTable.of(after.policy()).ruleset(), after.ruleset());
    }

    @Test
    void anEqualPolicyKeepsTheTableAndItsRuleset() {
        MasqPolicy p = Policies.manyCidrs(100);
        DesiredTable d = DesiredTable.of(p);
        assertSame(d, d.next(Policies.manyCidrs(100)));
        assertInstanceOf(ElementDiff.InSync.class, d.diff(d.ruleset()));
    }

    @Test
    void aTableSomeoneElseChangedIsComparedInFull() {
        DesiredTable before = DesiredTable.of(Policies.named("custom-cidrs"));
        DesiredTable after = before.next(Policies.named("defaults"));
        Ruleset read = Ruleset.of(NftRenderer.objects(Policies.named("custom-cidrs"))); // equal, not the same object
        assertEquals(render(ElementDiff.between(read, after.ruleset())), render(after.diff(read)));
    }

    /** Random policy changes, sets of both families and structure changes among them: both ways agree. */
    @Test
    void randomChangesGiveTheSameTableAndTransactionAsRenderingFromScratch() {
        Random rnd = new Random(13);
        MasqPolicy previous = randomPolicy(rnd, List.of());
        DesiredTable d = DesiredTable.of(previous);
        for (int round = 0; round < 300; round++) {
            MasqPolicy next = randomPolicy(rnd, previous.nonMasquerade());
            DesiredTable built = d.next(next);
            DesiredTable fresh = DesiredTable.of(next);
            assertEquals(fresh.ruleset(), built.ruleset(), "round " + round);
            assertEquals(NftRenderer.objects(next), built.objects(), "round " + round);
            assertEquals(render(ElementDiff.between(d.ruleset(), fresh.ruleset())), render(built.diff(d.ruleset())),
                    "round " + round);
            d = built;
            previous = next;
        }
    }

    private static MasqPolicy randomPolicy(Random rnd, List<Cidr> previous) {
        List<Cidr> nonMasq = new ArrayList<>();
        for (Cidr c : previous) {
            if (rnd.nextInt(10) > 0 && (c.family() == masq.api.IpFamily.IPV4 || rnd.nextBoolean())) {
                nonMasq.add(c);
            }
        }
        for (int i = rnd.nextInt(6); i > 0; i--) {
            int len = 16 + rnd.nextInt(3) * 4;
            nonMasq.add(rnd.nextInt(4) == 0
                    ? Cidr.parse("fd00:" + rnd.nextInt(8) + (rnd.nextBoolean() ? "::/32" : ":" + rnd.nextInt(4) + "::/48"))
                    : Cidr.parse("10." + rnd.nextInt(4) + "." + (len == 16 ? 0 : rnd.nextInt(4) * 64) + ".0/" + len));
        }
        boolean dual = nonMasq.stream().anyMatch(c -> c.family() == masq.api.IpFamily.IPV6) || rnd.nextInt(8) == 0;
        List<Cidr> masq = rnd.nextInt(3) == 0 ? Policies.cidrs("203.0.113.0/24") : List.of();
        List<PortRange> toPorts = rnd.nextInt(10) == 0 ? PortRange.parseList("20000-29999") : List.of();
        return Policies.of(dual ? Policies.DUAL : Policies.V4, nonMasq.stream().distinct().toList(), masq,
                rnd.nextInt(10) == 0, rnd.nextInt(10) == 0, toPorts, rnd.nextInt(10) > 0);
    }

    private static String render(ElementDiff.Result r) {
        return switch (r) {
            case ElementDiff.Elements(Transaction tx) -> tx.render();
            case ElementDiff.InSync s -> "in sync";
            case ElementDiff.Rewrite w -> "rewrite";
        };
    }
}
