package example.windows.outboundnat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import masq.api.Cidr;
import masq.api.IpFamily;
import masq.api.MasqPolicy;
import org.junit.jupiter.api.Test;

class ExceptionListPolicyTest {

    @Test
    void defaultsExemptLinkLocalAndRfc1918() {
        assertEquals(List.of("169.254.0.0/16", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"),
                ExceptionListPolicy.exceptions(MasqPolicy.defaults()));
    }

    @Test
    void masqueradedLinkLocalIsNotAnException() {
        MasqPolicy p = new MasqPolicy(Set.of(IpFamily.IPV4, IpFamily.IPV6), List.of(Cidr.parse("fd00::/8")),
                List.of(), true, false, List.of(), false, MasqPolicy.DEFAULT_CHAIN);
        assertEquals(List.of("fe80::/10", "fd00::/8"), ExceptionListPolicy.exceptions(p));
    }

    @Test
    void aMasqueradeCidrIsCutOutOfTheExemptRange() {
        MasqPolicy p = new MasqPolicy(Set.of(IpFamily.IPV4), List.of(Cidr.parse("10.0.0.0/8")),
                List.of(Cidr.parse("10.5.0.0/16")), true, true, List.of(), false, MasqPolicy.DEFAULT_CHAIN);
        assertEquals(List.of("10.0.0.0/14", "10.4.0.0/16", "10.6.0.0/15", "10.8.0.0/13", "10.16.0.0/12",
                "10.32.0.0/11", "10.64.0.0/10", "10.128.0.0/9"), ExceptionListPolicy.exceptions(p));
    }

    @Test
    void ipv6CutsAcrossTheSixtyFourBitBoundary() {
        assertEquals(List.of(Cidr.parse("fd00::/65")), ExceptionListPolicy.subtractAll(Cidr.parse("fd00::/64"),
                List.of(Cidr.parse("fd00::8000:0:0:0/65"))));
        assertEquals(List.of(Cidr.parse("fd00:4::/31"), Cidr.parse("fd00:6::/32")),
                ExceptionListPolicy.subtractAll(Cidr.parse("fd00:4::/30"), List.of(Cidr.parse("fd00:7::/32"))));
    }

    @Test
    void aCutCoveringTheWholeRangeRemovesItAndADisjointCutChangesNothing() {
        assertEquals(List.of(), ExceptionListPolicy.subtractAll(Cidr.parse("10.5.0.0/16"), List.of(Cidr.parse("10.0.0.0/8"))));
        assertEquals(List.of(Cidr.parse("10.0.0.0/8")),
                ExceptionListPolicy.subtractAll(Cidr.parse("10.0.0.0/8"), List.of(Cidr.parse("11.0.0.0/8"))));
    }

    @Test
    void duplicatesAreWrittenOnce() {
        MasqPolicy p = new MasqPolicy(Set.of(IpFamily.IPV4), List.of(Cidr.parse("169.254.0.0/16")),
                List.of(), false, false, List.of(), false, MasqPolicy.DEFAULT_CHAIN);
        assertEquals(List.of("169.254.0.0/16"), ExceptionListPolicy.exceptions(p));
    }
}
