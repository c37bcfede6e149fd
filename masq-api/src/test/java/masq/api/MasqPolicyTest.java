package masq.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MasqPolicyTest {

    private static final MasqPolicy POLICY = new MasqPolicy(Set.of(IpFamily.IPV4, IpFamily.IPV6),
            List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("fd00::/8")),
            List.of(Cidr.parse("10.9.0.0/16"), Cidr.parse("169.254.169.254/32")),
            false, true, List.of(), true, "IP-MASQ-AGENT");

    @ParameterizedTest
    @CsvSource({
        "10.1.2.3, false, NON_MASQUERADE_CIDR, 10.0.0.0/8",
        "10.9.0.1, true, MASQUERADE_CIDR, 10.9.0.0/16",
        "169.254.1.1, false, LINK_LOCAL, 169.254.0.0/16",
        "169.254.169.254, true, MASQUERADE_CIDR, 169.254.169.254/32",
        "203.0.113.2, true, DEFAULT_MASQUERADE, ''",
        "fd00::1, false, NON_MASQUERADE_CIDR, fd00::/8",
        "fe80::1, true, DEFAULT_MASQUERADE, ''",
        "2001:db8::1, true, DEFAULT_MASQUERADE, ''",
    })
    void decidesInRuleOrder(String dst, boolean masq, MasqPolicy.Decision.Reason reason, String matched) {
        MasqPolicy.Decision d = POLICY.decide(IpAddress.parse(dst));
        assertEquals(masq, d.masquerade());
        assertEquals(reason, d.reason());
        assertEquals(matched, d.matched().map(Cidr::toString).orElse(""));
    }

    @Test
    void ipv6DestinationsAreUntouchedWhenIpv6IsOff() {
        assertEquals(MasqPolicy.Decision.Reason.FAMILY_NOT_ENABLED,
                MasqPolicy.defaults().decide(IpAddress.parse("2001:db8::1")).reason());
    }

    @Test
    void rejectsInconsistentPolicies() {
        assertThrows(IllegalArgumentException.class, () -> new MasqPolicy(Set.of(IpFamily.IPV4),
                List.of(Cidr.parse("fd00::/8")), List.of(), false, false, List.of(), true, "X"));
        assertThrows(IllegalArgumentException.class, () -> new MasqPolicy(Set.of(IpFamily.IPV4),
                List.of(Cidr.parse("10.0.0.0/8")), List.of(Cidr.parse("10.0.0.0/8")), false, false, List.of(), true, "X"));
        assertEquals("invalid chain name \"A B\": use 1 to 28 letters, digits, '-' or '_', not starting with '-'",
                assertThrows(IllegalArgumentException.class, () -> new MasqPolicy(Set.of(IpFamily.IPV4),
                        List.of(), List.of(), false, false, List.of(), true, "A B")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MasqPolicy(Set.of(IpFamily.IPV4),
                List.of(), List.of(), false, false, List.of(), true, "-X"));
        assertEquals("invalid chain name \"POSTROUTING\": a built-in chain or target of iptables",
                assertThrows(IllegalArgumentException.class, () -> new MasqPolicy(Set.of(IpFamily.IPV4),
                        List.of(), List.of(), false, false, List.of(), true, "POSTROUTING")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MasqPolicy(Set.of(IpFamily.IPV4),
                List.of(), List.of(), false, false, List.of(), true, "X".repeat(29)));
    }
}
