package masq.app.foreign;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import masq.api.IpAddress;
import masq.api.MasqPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each shape of foreign masquerading, as the product writes it (src/test/resources/foreign/&lt;case&gt;), against
 * its golden {@code expected.txt}: which rules are found, who wrote them, when they run, which of our exempt
 * destinations they still masquerade, the warning, and what {@code explain} says per address.
 */
class ForeignRulesTest {

    static Stream<String> cases() throws IOException {
        try (Stream<Path> dirs = Files.list(CaseFiles.root())) {
            return dirs.map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void shape(String name) throws IOException {
        CaseFiles node = new CaseFiles(CaseFiles.root().resolve(name));
        MasqPolicy policy = node.policy();
        ForeignRules rules = ForeignRules.read(node, node.ours(), policy.families());
        assertEquals(Files.readString(node.dir.resolve("expected.txt")), report(rules, policy, node.explain()), name);
    }

    static String report(ForeignRules rules, MasqPolicy policy, List<String> addresses) {
        List<String> lines = new ArrayList<>();
        for (Finding f : rules.findings(policy)) {
            lines.add((f.conflict() ? "conflict" : "harmless") + " kind=" + f.kind().label() + " order=" + f.order());
            lines.add("  where: " + f.where());
            lines.add("  warn: " + f.consequence());
        }
        for (String a : addresses) {
            lines.add("explain " + a + ": " + rules.masquerading(IpAddress.parse(a), policy).map(Finding::explainLine).orElse("-"));
        }
        return String.join("\n", lines) + "\n";
    }
}
