package masq.backend.nftables;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import masq.api.IpAddress;
import masq.api.MasqPolicy;
import masq.api.PortRange;
import masq.api.spi.BackendException;
import masq.backend.testkit.FlowCase;
import masq.backend.testkit.FlowCases;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The rules the fake kernel ends up holding give the same verdict as MasqPolicy.decide(). */
class FlowTracerTest {

    private static NftTracer tracerAfterSync(MasqPolicy policy, Set<IpAddress> local) throws BackendException {
        FakeNftables kernel = new FakeNftables();
        NftablesBackend backend = new NftablesBackend(kernel, kernel, RulesetWatcher.NONE);
        backend.sync(policy);
        return new NftTracer(backend.list().orElseThrow(), local);
    }

    @TestFactory
    Stream<DynamicTest> sharedFlowCases() throws BackendException {
        MasqPolicy policy = FlowCases.standardPolicy();
        NftTracer tracer = tracerAfterSync(policy, Set.of());
        return FlowCases.standard().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            IpAddress dst = IpAddress.parse(c.destination());
            assertEquals(c.masquerade(), policy.decide(dst).masquerade(), "row disagrees with decide()");
            for (String proto : List.of("tcp", "udp", "icmp")) {
                assertEquals(c.masquerade(), tracer.masquerades(dst, proto), proto + " to " + dst);
            }
        }));
    }

    @Test
    void localDestinationsAreNeverMasqueraded() throws BackendException {
        IpAddress nodeAddress = IpAddress.parse("203.0.113.1");
        NftTracer tracer = tracerAfterSync(FlowCases.standardPolicy(), Set.of(nodeAddress));
        assertEquals(false, tracer.masquerades(nodeAddress, "tcp"));
        assertEquals(true, tracer.masquerades(IpAddress.parse("203.0.113.2"), "tcp"));
    }

    /** Every golden policy, against decide(), for addresses around each CIDR edge and random ones. */
    @Test
    void everyGoldenPolicyAgreesWithDecide() throws BackendException {
        Random random = new Random(42);
        for (String name : List.of("defaults", "custom-cidrs", "ipv6", "masq-link-local", "masquerade-cidrs",
                "to-ports", "random-fully-off")) {
            MasqPolicy policy = Policies.named(name);
            NftTracer tracer = tracerAfterSync(policy, Set.of());
            List<IpAddress> probes = new ArrayList<>();
            Stream.concat(Stream.concat(policy.nonMasquerade().stream(), policy.masquerade().stream()),
                    policy.families().stream().map(f -> f.linkLocal())).forEach(c -> {
                        probes.add(c.network());
                        probes.add(edge(c.network(), -1));
                        probes.add(edge(c.network(), c.family().bits() - c.prefixLength() >= 63 ? Long.MAX_VALUE
                                : (1L << (c.family().bits() - c.prefixLength())) - 1));
                        probes.add(edge(c.network(), c.family().bits() - c.prefixLength() >= 63 ? Long.MAX_VALUE
                                : 1L << (c.family().bits() - c.prefixLength())));
                    });
            for (int i = 0; i < 200; i++) {
                probes.add(new IpAddress(masq.api.IpFamily.IPV4, 0, random.nextLong() >>> 32));
                probes.add(new IpAddress(masq.api.IpFamily.IPV6, random.nextLong(), random.nextLong()));
            }
            for (IpAddress dst : probes) {
                assertEquals(policy.decide(dst).masquerade(), tracer.masquerades(dst, "udp"), name + ": " + dst);
            }
        }
    }

    private static IpAddress edge(IpAddress a, long delta) {
        if (a.family() == masq.api.IpFamily.IPV4) {
            return new IpAddress(a.family(), 0, (a.lo() + delta) & 0xffffffffL);
        }
        return new IpAddress(a.family(), a.hi(), a.lo() + delta);
    }

    /**
     * --to-ports weighting: reading the rendered rules, the chance that a new flow of each protocol gets
     * range i is (product over earlier rules of (1 - S/R)) * S_i/R_i; it must be size_i / total exactly,
     * which is what the iptables backend's statistic cascade gives.
     */
    @Test
    void toPortsRangesAreWeightedBySize() {
        List<PortRange> ranges = PortRange.parseList("20000-29999,40000-40999,50000,1024-1030");
        long total = ranges.stream().mapToLong(PortRange::size).sum();
        Pattern p = Pattern.compile("meta l4proto (\\w+) (?:numgen random mod (\\d+) < (\\d+) )?masquerade to :(\\S+)");
        for (String proto : List.of("tcp", "udp", "sctp")) {
            BigInteger[] notYet = {BigInteger.ONE, BigInteger.ONE}; // probability no earlier rule took the flow
            int i = 0;
            for (var rule : NftRenderer.toPortsRules(ranges, "")) {
                Matcher m = p.matcher(rule.body());
                if (!m.lookingAt() || !m.group(1).equals(proto)) {
                    continue;
                }
                BigInteger[] take = m.group(2) == null ? new BigInteger[] {BigInteger.ONE, BigInteger.ONE}
                        : new BigInteger[] {new BigInteger(m.group(3)), new BigInteger(m.group(2))};
                BigInteger num = notYet[0].multiply(take[0]);
                BigInteger den = notYet[1].multiply(take[1]);
                assertEquals(ranges.get(i).toString(), m.group(4));
                assertEquals(0, num.multiply(BigInteger.valueOf(total))
                        .compareTo(den.multiply(BigInteger.valueOf(ranges.get(i).size()))), proto + " range " + i);
                notYet = new BigInteger[] {notYet[0].multiply(take[1].subtract(take[0])), notYet[1].multiply(take[1])};
                i++;
            }
            assertEquals(ranges.size(), i);
            assertEquals(BigInteger.ZERO, notYet[0], "the last range is unconditional");
        }
    }

    @Test
    void flowCaseRowsAreTheSharedTestkitTable() {
        assertEquals(15, FlowCases.standard().size());
        assertEquals(new FlowCase("public IPv4 is masqueraded", "203.0.113.2", true), FlowCases.standard().get(9));
    }
}
