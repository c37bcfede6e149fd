package masq.backend.nftables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import masq.api.spi.Rendering;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** render(policy) against literal golden texts: exactly what sync sends from an empty state. */
class NftRenderGoldenTest {

    private final FakeNftables kernel = new FakeNftables();
    private final NftablesBackend backend = new NftablesBackend(kernel, kernel, RulesetWatcher.NONE);

    @ParameterizedTest
    @ValueSource(strings = {"defaults", "custom-cidrs", "ipv6", "masq-link-local", "masquerade-cidrs", "to-ports",
            "random-fully-off"})
    void rendersGolden(String name) {
        Rendering r = backend.render(Policies.named(name));
        assertEquals(1, r.payloads().size());
        assertEquals("nft -f - (table inet ip-masq-agent)", r.payloads().getFirst().target());
        Golden.assertMatches(name + "/nft.txt", r.payloads().getFirst().text());
    }

    @Test
    void renderIsPureAndDeterministic() {
        var policy = Policies.named("masquerade-cidrs");
        assertEquals(backend.render(policy), backend.render(policy));
    }

    @Test
    void tenThousandCidrsRenderAsOneSortedInlineElementList() throws Exception {
        String text = backend.render(Policies.manyCidrs(10_000)).payloads().getFirst().text();
        String set = text.lines().filter(l -> l.startsWith("add set inet ip-masq-agent nonmasq-ipv4 "))
                .findFirst().orElseThrow();
        String elements = set.substring(set.indexOf("elements = { ") + "elements = { ".length(), set.indexOf(" }; }"));
        String[] items = elements.split(", ");
        assertEquals(10_001, items.length, "10 000 CIDRs plus link-local");
        assertEquals("11.0.0.0/24", items[0]);
        assertEquals("11.39.15.0/24", items[9_999]);
        assertEquals("169.254.0.0/16", items[10_000]);
        assertEquals(12, text.lines().count(), "3 table ops, 2 sets with inline elements, 2 chains, 5 rules");
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
        Golden.assertMatches("ten-thousand/nft.sha256", sha + "\n");
        assertTrue(text.endsWith("masquerade fully-random comment \"ip-masq-agent: outbound traffic is subject to"
                + " MASQUERADE (must be last in chain)\"\n"));
    }
}
