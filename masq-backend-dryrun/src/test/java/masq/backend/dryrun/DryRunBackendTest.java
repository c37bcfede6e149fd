package masq.backend.dryrun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import masq.api.Cidr;
import masq.api.IpFamily;
import masq.api.MasqPolicy;
import masq.api.PortRange;
import masq.api.spi.BackendContext;
import masq.api.spi.FirewallBackend;
import masq.api.spi.Rendering;
import masq.api.spi.SyncResult;
import org.junit.jupiter.api.Test;

class DryRunBackendTest {

    private static final BackendContext CONTEXT = new BackendContext((argv, stdin, timeout) -> {
        throw new AssertionError("the dry-run backend must never run a command: " + argv);
    }, java.util.Map.of());

    private static FirewallBackend backend() {
        return new DryRunBackendProvider().create(CONTEXT);
    }

    private static MasqPolicy dualStack() {
        return new MasqPolicy(Set.of(IpFamily.IPV4, IpFamily.IPV6),
                List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("fd00::/8"), Cidr.parse("192.168.0.0/16")),
                List.of(Cidr.parse("10.9.0.0/16")),
                false, true, PortRange.parseList("1024-29999,32768-65535"), true, "IP-MASQ-AGENT");
    }

    @Test
    void rendersDefaultsLikeTheGolden() throws IOException {
        assertEquals(golden("defaults.txt"), text(backend().render(MasqPolicy.defaults())));
    }

    @Test
    void rendersDualStackWithMasqueradeCidrsAndPortsLikeTheGolden() throws IOException {
        assertEquals(golden("dual-stack-to-ports.txt"), text(backend().render(dualStack())));
    }

    @Test
    void rendersNoRandomFullyAndMasqueradedLinkLocal() throws IOException {
        MasqPolicy policy = new MasqPolicy(Set.of(IpFamily.IPV4), List.of(Cidr.parse("172.16.0.0/12")), List.of(),
                true, false, List.of(), false, "IP-MASQ");
        assertEquals(golden("plain.txt"), text(backend().render(policy)));
    }

    @Test
    void syncReportsChangeOnceThenSteadyState() throws Exception {
        FirewallBackend backend = backend();
        SyncResult first = backend.sync(MasqPolicy.defaults());
        assertTrue(first.changed());
        assertEquals("dry-run IPv4: 5 rules (+5 -0)", first.summary());
        assertFalse(backend.sync(MasqPolicy.defaults()).changed());

        SyncResult second = backend.sync(dualStack());
        assertTrue(second.changed());
        assertEquals("dry-run IPv4: 6 rules (+3 -2), IPv6: 3 rules (+3 -0)", second.summary());
        assertFalse(backend.sync(dualStack()).changed());

        SyncResult back = backend.sync(MasqPolicy.defaults());
        assertEquals("dry-run IPv4: 5 rules (+2 -3), IPv6: 0 rules (+0 -3)", back.summary());
    }

    @Test
    void cleanupForgetsTheAppliedProgram() throws Exception {
        FirewallBackend backend = backend();
        assertFalse(backend.cleanup().changed(), "nothing applied yet");
        backend.sync(MasqPolicy.defaults());
        assertEquals(new SyncResult(true, "dry-run: 5 rules removed"), backend.cleanup());
        assertFalse(backend.cleanup().changed());
        assertTrue(backend.sync(MasqPolicy.defaults()).changed());
        assertEquals(java.util.Optional.empty(), backend.rulesetId(), "a dry run writes no kernel ruleset");
    }

    @Test
    void diffKeepsOrderAndMarksMovedLines() {
        LineDiff diff = LineDiff.of(List.of("a", "b", "c"), List.of("b", "a", "c", "d"));
        assertEquals("- a\n  b\n+ a\n  c\n+ d", diff.text());
        assertEquals(2, diff.added());
        assertEquals(1, diff.removed());
    }

    private static String text(Rendering rendering) {
        StringBuilder sb = new StringBuilder();
        for (Rendering.Payload p : rendering.payloads()) {
            sb.append("# ").append(p.target()).append('\n').append(p.text());
        }
        return sb.toString();
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = DryRunBackendTest.class.getResourceAsStream("/golden/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
