package masq.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import masq.api.Cidr;
import masq.api.IpAddress;
import masq.api.IpFamily;
import org.junit.jupiter.api.Test;

class SupernetsTest {
    @Test
    void listsItselfThenEveryBroaderPrefix() {
        assertEquals("[10.1.2.0/24, 10.1.2.0/23, 10.1.0.0/22, 10.1.0.0/21, 10.1.0.0/20, 10.1.0.0/19, 10.1.0.0/18,"
                + " 10.1.0.0/17, 10.1.0.0/16, 10.0.0.0/15, 10.0.0.0/14, 10.0.0.0/13, 10.0.0.0/12, 10.0.0.0/11,"
                + " 10.0.0.0/10, 10.0.0.0/9, 10.0.0.0/8, 10.0.0.0/7, 8.0.0.0/6, 8.0.0.0/5, 0.0.0.0/4, 0.0.0.0/3,"
                + " 0.0.0.0/2, 0.0.0.0/1, 0.0.0.0/0]", Supernets.of(Cidr.parse("10.1.2.0/24")).toString());
        assertEquals(129, Supernets.of(Cidr.parse("fd00::1/128")).size());
        assertEquals("[::/0]", Supernets.of(Cidr.parse("::/0")).toString());
    }

    @Test
    void onlyTheLengthsPresentInTheSameFamilyAreTried() {
        Supernets.Lengths lengths = Supernets.Lengths.of(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("10.1.0.0/16"),
                Cidr.parse("fd00::/24"), Cidr.parse("192.168.0.0/16")));
        assertEquals("[10.1.0.0/16, 10.0.0.0/8]", Supernets.of(Cidr.parse("10.1.2.0/24"), lengths).toString());
        assertEquals("[10.1.0.0/16, 10.0.0.0/8]", Supernets.of(Cidr.parse("10.1.0.0/16"), lengths).toString());
        assertEquals("[]", Supernets.of(Cidr.parse("fd00::/16"), lengths).toString(), "no IPv6 length up to /16");
        assertEquals("[fd00::/24]", Supernets.of(Cidr.parse("fd00::1/128"), lengths).toString());
    }

    /** The filtered lookup finds exactly the containing CIDRs the full list of supernets finds, on random sets. */
    @Test
    void filteredLookupAgreesWithTheFullOne() {
        Random random = new Random(13); // fixed seed: deterministic
        for (int round = 0; round < 200; round++) {
            Set<Cidr> set = new HashSet<>();
            for (int i = 0; i < 1 + random.nextInt(40); i++) {
                set.add(randomCidr(random));
            }
            Supernets.Lengths lengths = Supernets.Lengths.of(set);
            for (int i = 0; i < 50; i++) {
                Cidr probe = random.nextBoolean() ? randomCidr(random) : List.copyOf(set).get(random.nextInt(set.size()));
                List<Cidr> full = Supernets.of(probe).stream().filter(set::contains).toList();
                assertEquals(full, Supernets.of(probe, lengths).stream().filter(set::contains).toList(), set + " " + probe);
            }
        }
    }

    private static Cidr randomCidr(Random random) {
        boolean v4 = random.nextBoolean();
        IpAddress a = v4 ? new IpAddress(IpFamily.IPV4, 0, 0x0a000000L | random.nextInt(1 << 16) << 8)
                : new IpAddress(IpFamily.IPV6, 0xfd00_0000_0000_0000L | (long) random.nextInt(1 << 16) << 32, 0);
        int len = v4 ? 8 + random.nextInt(17) : 8 + random.nextInt(33);
        return new Cidr(a.mask(len), len);
    }
}
