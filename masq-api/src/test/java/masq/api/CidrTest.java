package masq.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CidrTest {

    @ParameterizedTest
    @CsvSource({
        "10.0.0.0/8, 10.0.0.0/8",
        "10.0.0.0/08, 10.0.0.0/8",
        "0.0.0.0/0, 0.0.0.0/0",
        "192.168.1.7/32, 192.168.1.7/32",
        "FC00::/7, fc00::/7",
        "fe80::/10, fe80::/10",
        "2001:db8:0:0:0:0:0:0/32, 2001:db8::/32",
        "2001:0db8:0000:0001:0000:0000:0000:0000/64, 2001:db8:0:1::/64",
        "::/0, ::/0",
        "::ffff:10.0.0.0/104, ::ffff:a00:0/104",
        "2001:db8:1:0:0:1:0:0/128, 2001:db8:1::1:0:0/128",
        "fd00:99::2/128, fd00:99::2/128",
    })
    void parsesAndPrintsCanonically(String text, String canonical) {
        assertEquals(canonical, Cidr.parse(text).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10.0.0.0", "010.0.0.0/8", " 10.0.0.0/8", "10.0.0.0/8 ", "10.0.0.0/33",
        "10.0.0.0/-1", "10.0.0.0/+8", "10.0.0.0/", "10.0.0/8", "256.0.0.0/8", "fe80::%eth0/64", "1::2::3/64",
        "example.com/8", "fe80::/129", "1:2:3:4:5:6:7:8:9/64", "12345::/16", "1:2:3:4:5:6:7:8::/64"})
    void rejectsWhatGoRejects(String text) {
        InvalidCidrException e = assertThrows(InvalidCidrException.class, () -> Cidr.parse(text));
        assertEquals("invalid CIDR address: " + text, e.getMessage());
        assertTrue(e.intendedNetwork().isEmpty());
    }

    @Test
    void hostBitsNameTheIntendedNetwork() {
        InvalidCidrException e = assertThrows(InvalidCidrException.class, () -> Cidr.parse("10.0.0.1/8"));
        assertEquals("CIDR \"10.0.0.1/8\" is not aligned to a CIDR block, ip: \"10.0.0.1\" network: \"10.0.0.0/8\""
                + " (did you mean 10.0.0.0/8?)", e.getMessage());
        assertEquals("10.0.0.0/8", e.intendedNetwork().orElseThrow().toString());
        assertEquals("fd00::/8",
                assertThrows(InvalidCidrException.class, () -> Cidr.parse("fd00::1/8")).intendedNetwork().orElseThrow().toString());
    }

    @Test
    void containment() {
        Cidr ten = Cidr.parse("10.0.0.0/8");
        assertTrue(ten.contains(Cidr.parse("10.240.0.0/16")));
        assertTrue(ten.contains(ten));
        assertFalse(Cidr.parse("10.240.0.0/16").contains(ten));
        assertTrue(ten.contains(IpAddress.parse("10.255.255.255")));
        assertFalse(ten.contains(IpAddress.parse("11.0.0.0")));
        assertFalse(Cidr.parse("::/0").contains(IpAddress.parse("10.0.0.1")));
        assertTrue(Cidr.parse("::/0").contains(IpAddress.parse("2001:db8::1")));
        assertTrue(Cidr.parse("0.0.0.0/0").contains(IpAddress.parse("203.0.113.2")));
        assertTrue(Cidr.parse("2001:db8::/127").contains(IpAddress.parse("2001:db8::1")));
        assertFalse(Cidr.parse("2001:db8::/127").contains(IpAddress.parse("2001:db8::2")));
    }

    @Test
    void linkLocalPerFamily() {
        assertEquals("169.254.0.0/16", IpFamily.IPV4.linkLocal().toString());
        assertEquals("fe80::/10", IpFamily.IPV6.linkLocal().toString());
        assertEquals(IpFamily.IPV6, Cidr.parse("fe80::/10").family());
    }

    /** equals and hashCode are written out (for speed): they must still be value equality. */
    @Test
    void equalityIsByValue() {
        assertEquals(Cidr.parse("10.0.0.0/8"), Cidr.parse("10.0.0.0/08"));
        assertEquals(Cidr.parse("10.0.0.0/8").hashCode(), Cidr.parse("10.0.0.0/08").hashCode());
        assertEquals(Cidr.parse("fd00::/8"), Cidr.parse("FD00::/8"));
        assertEquals(Cidr.parse("fd00::/8").hashCode(), Cidr.parse("FD00::/8").hashCode());
        assertFalse(Cidr.parse("10.0.0.0/8").equals(Cidr.parse("10.0.0.0/9")));
        assertFalse(Cidr.parse("0.0.0.0/0").equals(Cidr.parse("::/0")), "same bits, other family");
        assertFalse(IpAddress.parse("0.0.0.1").equals(IpAddress.parse("::1")), "same bits, other family");
        assertFalse(Cidr.parse("fd00::/8").equals(Cidr.parse("fe00::/8")));
        assertFalse(Cidr.parse("::1/128").equals(Cidr.parse("1::/128")), "high and low halves differ");
        assertFalse(Cidr.parse("10.0.0.0/8").equals("10.0.0.0/8"));
    }

    /** The dotted-quad parser (one pass, no split) accepts exactly what the split-based rules accept. */
    @Test
    void dottedQuadParsingAgreesWithTheSplitRules() {
        java.util.Random r = new java.util.Random(4);
        String alphabet = "0123456789..a/ ";
        for (int i = 0; i < 200_000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int k = r.nextInt(16); k > 0; k--) {
                sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            String t = i % 3 == 0 ? r.nextInt(300) + "." + r.nextInt(300) + "." + r.nextInt(300) + "." + sb : sb.toString();
            assertEquals(splitRules(t), AddressText.parseV4Bits(t), t);
        }
    }

    /** The former implementation, kept as the reference. */
    private static long splitRules(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return -1;
        }
        long value = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
                return -1;
            }
            int octet = 0;
            for (int i = 0; i < part.length(); i++) {
                char c = part.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
                octet = octet * 10 + (c - '0');
            }
            if (octet > 255) {
                return -1;
            }
            value = (value << 8) | octet;
        }
        return value;
    }
}
