package masq.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import masq.api.IpAddress;
import masq.api.IpFamily;
import masq.api.MasqPolicy;
import masq.api.spi.ConfigDocument;
import masq.api.spi.ConfigSnapshot;
import org.junit.jupiter.api.Test;

class ExplainerTest {

    private static Explanation explain(boolean ipv6, String yaml, String destination) {
        ConfigSettings settings = new ConfigSettings(ipv6, false, ConflictPolicy.WARN, Duration.ofSeconds(60));
        List<ConfigDocument> docs = yaml == null ? List.of() : List.of(new ConfigDocument("ip-masq-agent", yaml));
        LoadResult result = ConfigEngine.load(new ConfigSnapshot(yaml != null, docs, List.of()), settings);
        EffectiveConfig config = result.config().orElseThrow(() -> new AssertionError(result.problems()));
        Set<IpFamily> families = ipv6 ? Set.of(IpFamily.IPV4, IpFamily.IPV6) : Set.of(IpFamily.IPV4);
        MasqPolicy policy = config.toPolicy(families, List.of(), true, MasqPolicy.DEFAULT_CHAIN);
        return Explainer.explain(config, policy, IpAddress.parse(destination));
    }

    @Test
    void nonMasqueradeCidrWithCoveredNarrowerOne() {
        Explanation e = explain(false,
                "nonMasqueradeCIDRs: [10.100.0.0/16, 10.0.0.0/8]\nmasqLinkLocal: true\n", "10.100.1.2");

        assertFalse(e.masqueraded());
        assertEquals("""
                destination: 10.100.1.2
                masquerade: no
                rule: RETURN: non-masquerade CIDR 10.0.0.0/8
                from: ip-masq-agent: nonMasqueradeCIDRs[1]: "10.0.0.0/8"
                also matches: 10.100.0.0/16 <- ip-masq-agent: nonMasqueradeCIDRs[0]: "10.100.0.0/16" \
                (non-masquerade, inside 10.0.0.0/8, not rendered)
                """, e.toText());
    }

    @Test
    void alwaysMasqueradeCidrInsideANonMasqueradeOne() {
        Explanation e = explain(false,
                "nonMasqueradeCIDRs: [10.0.0.0/8]\nmasqueradeCIDRs: [10.1.2.0/24]\n", "10.1.2.3");

        assertTrue(e.masqueraded());
        assertEquals("""
                destination: 10.1.2.3
                masquerade: yes
                rule: MASQUERADE: always-masquerade CIDR 10.1.2.0/24
                from: ip-masq-agent: masqueradeCIDRs[0]: "10.1.2.0/24"
                also matches: 10.0.0.0/8 <- ip-masq-agent: nonMasqueradeCIDRs[0]: "10.0.0.0/8" (non-masquerade)
                """, e.toText());
    }

    @Test
    void linkLocalIsExemptByDefault() {
        Explanation e = explain(false, null, "169.254.169.254");

        assertFalse(e.masqueraded());
        assertEquals("""
                destination: 169.254.169.254
                masquerade: no
                rule: RETURN: link-local 169.254.0.0/16 (masqLinkLocal=false)
                """, e.toText());
    }

    @Test
    void ipv6LinkLocalNamesItsOwnKey() {
        Explanation e = explain(true, "masqLinkLocal: true\n", "fe80::1");

        assertEquals("RETURN: link-local fe80::/10 (masqLinkLocalIPv6=false)", e.rule());
        assertFalse(e.masqueraded());
    }

    @Test
    void linkLocalMasqueradedWhenConfigured() {
        Explanation e = explain(false, "masqLinkLocal: true\n", "169.254.169.254");

        assertTrue(e.masqueraded());
        assertEquals("MASQUERADE: no exception matched", e.rule());
    }

    @Test
    void defaultEntriesNameTheirOrigin() {
        Explanation e = explain(false, null, "192.168.7.7");

        assertEquals("""
                destination: 192.168.7.7
                masquerade: no
                rule: RETURN: non-masquerade CIDR 192.168.0.0/16
                from: (default): nonMasqueradeCIDRs[2]: "192.168.0.0/16"
                """, e.toText());
        assertEquals("(default)", e.source().orElseThrow().file());
    }

    @Test
    void noExceptionMeansMasquerade() {
        Explanation e = explain(false, null, "8.8.8.8");

        assertTrue(e.masqueraded());
        assertEquals("""
                destination: 8.8.8.8
                masquerade: yes
                rule: MASQUERADE: no exception matched
                """, e.toText());
    }

    @Test
    void ipv6DestinationWithoutIpv6IsNotHandled() {
        Explanation e = explain(false, null, "2001:db8::1");

        assertFalse(e.masqueraded());
        assertEquals("""
                destination: 2001:db8::1
                masquerade: not handled (IPv6 disabled)
                rule: none: no IPv6 rules are written without --enable-ipv6
                """, e.toText());
    }

    @Test
    void ipv6CidrsAreCanonicalInTheExplanation() {
        Explanation e = explain(true, "nonMasqueradeCIDRs: [FC00::/7, fd00:10::/64]\n", "fd00:10::5");

        assertEquals("""
                destination: fd00:10::5
                masquerade: no
                rule: RETURN: non-masquerade CIDR fc00::/7
                from: ip-masq-agent: nonMasqueradeCIDRs[0]: "FC00::/7"
                also matches: fd00:10::/64 <- ip-masq-agent: nonMasqueradeCIDRs[1]: "fd00:10::/64" \
                (non-masquerade, inside fc00::/7, not rendered)
                """, e.toText());
    }
}
