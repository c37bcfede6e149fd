package masq.backend.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import masq.api.IpFamily;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The tables themselves: every literal verdict agrees with the reference {@code MasqPolicy.decide}. */
class FlowCasesTest {

    @TestFactory
    Stream<DynamicTest> everyRowAgreesWithDecide() {
        return FlowCases.all().stream().flatMap(t -> t.rows().stream().map(row -> DynamicTest.dynamicTest(
                t.name() + ": " + row, () -> assertEquals(row.masquerade(),
                        t.policy().decide(row.address()).masquerade(), String.valueOf(t.policy().decide(row.address()))))));
    }

    @Test
    void everyTableHasBothVerdictsAndOnlyEnabledFamilies() {
        for (FlowTable t : FlowCases.all()) {
            assertTrue(t.rows().stream().anyMatch(FlowCase::masquerade), t.name());
            assertTrue(t.rows().stream().anyMatch(r -> !r.masquerade()), t.name());
            for (FlowCase r : t.rows()) {
                assertTrue(t.policy().enabled(r.address().family()), t.name() + ": " + r);
            }
        }
    }

    @Test
    void theStandardTableCoversTheRowsTheIssueNames() {
        FlowTable standard = FlowCases.standardTable();
        Set<String> names = new HashSet<>();
        standard.rows().forEach(r -> names.add(r.name()));
        assertEquals(standard.rows().size(), names.size(), "row names are unique");
        assertTrue(standard.policy().enabled(IpFamily.IPV6));
        assertTrue(names.containsAll(Set.of("RFC 1918 10/8 keeps the pod address",
                "IPv4 link-local (metadata server) keeps the pod address", "CGNAT 100.64/10 keeps the pod address",
                "masqueradeCIDR inside 10/8 is masqueraded", "public IPv4 is masqueraded",
                "IPv6 ULA keeps the pod address", "public IPv6 is masqueraded", "IPv6 link-local keeps the pod address")));
    }
}
