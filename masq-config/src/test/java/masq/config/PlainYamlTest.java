package masq.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The fast path (PlainYaml) must give exactly what SnakeYAML gives: the same tree, the same "more documents",
 * the same count of values, the same failure; and it must really be taken for ordinary configs.
 */
class PlainYamlTest {
    private static final int BUDGET = DocumentParser.MAX_VALUES;
    private final YamlReader reader = new YamlReader();

    /** What a read gives, or the failure's type and message. */
    private static String outcome(java.util.function.Supplier<YamlReader.Result> read) {
        try {
            return read.get().toString();
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    private void assertSameAsSnakeYaml(String text) {
        assertEquals(outcome(() -> reader.readWithSnakeYaml(text, BUDGET)), outcome(() -> reader.read(text, BUDGET)),
                "for:\n" + text);
    }

    @Test
    void ordinaryConfigsTakeTheFastPath() throws IOException {
        List<Path> files = new ArrayList<>(List.of(Path.of("../examples/config/ip-masq-agent"),
                Path.of("../examples/config/ip-masq-agent-reconciled")));
        StringBuilder many = new StringBuilder("nonMasqueradeCIDRs:\n");
        for (int i = 0; i < 10_000; i++) {
            many.append("  - 10.").append(i / 256).append('.').append(i % 256).append(".0/24\n");
        }
        many.append("cidrLimit: 10000\nresyncInterval: 60s\nmasqLinkLocal: true\n");
        assertTrue(PlainYaml.compose(many.toString(), new org.yaml.snakeyaml.resolver.Resolver(), BUDGET).isPresent());
        assertSameAsSnakeYaml(many.toString());
        for (Path f : files) {
            String text = Files.readString(f);
            assertTrue(PlainYaml.compose(text, new org.yaml.snakeyaml.resolver.Resolver(), BUDGET).isPresent(), f.toString());
            assertSameAsSnakeYaml(text);
        }
    }

    /** Every YAML input of the config cases, whichever path it takes. */
    @Test
    void theConfigCasesReadAlike() throws IOException {
        try (Stream<Path> all = Files.walk(Path.of("src/test/resources/config-cases"))) {
            for (Path f : all.filter(Files::isRegularFile).filter(p -> p.getParent().getFileName().toString().equals("in"))
                    .toList()) {
                assertSameAsSnakeYaml(Files.readString(f));
            }
        }
    }

    private static final String[] SCALARS = {"yes", "no", "on", "off", "y", "n", "Y", "N", "true", "False", "TRUE", "~",
        "null", "NULL", "Null", "010", "0x1F", "0b101", "1_000", "1:20", "190:20:30", "1e5", "1.5", "1.", "2001-01-01",
        "2001-01-01t01:02:03Z", "10.0.0.0/8", "fd00::/8", "::/0", "60s", "1h0m", "abc", "a:b", "x.y", "-1", "+1", "0",
        "00", "\"quoted\"", "'single'", "\"a#b\"", "'a''b'", "\"a\\\"b\"", "\"\"", "''", ".inf", ".NaN", "a#b", "v:",
        "", "a b", "<<", "&a x", "*a", "!!str 5", "[1, 2]", "{a: 1}", "|", ">", "@x", "`x", "%x", "?x", "-", "- x",
        "10.0.0.0/8 # c", "'x' # c", "x #c", "x#c", "\"x\"#c", "1_", "0x_", "0o7", "12:60", "1:2:3.5", "+.inf",
        "2001:db8::1", "fe80::/10", "ff", "09", "1e", "1E+2", "3.0e-1"};
    private static final String[] KEYS = {"nonMasqueradeCIDRs", "masqueradeCIDRs", "masqLinkLocal", "resyncInterval",
        "cidrLimit", "on", "123", "a-b", "_x", "y", "N", "null", "a_b-c", "x"};

    /** Random documents from the subset's pieces and its near misses; a fixed seed keeps the test deterministic. */
    @Test
    void randomDocumentsReadAlike() {
        Random r = new Random(20261130);
        int fast = 0;
        for (int doc = 0; doc < 3000; doc++) {
            StringBuilder sb = new StringBuilder();
            int lines = r.nextInt(8);
            for (int l = 0; l < lines; l++) {
                switch (r.nextInt(12)) {
                    case 0 -> sb.append(r.nextBoolean() ? "" : "   ").append('\n');
                    case 1 -> sb.append(" ".repeat(r.nextInt(3))).append("# comment ").append(pick(r, SCALARS)).append('\n');
                    case 2, 3, 4 -> sb.append(pick(r, KEYS)).append(':').append(r.nextInt(5) == 0 ? "" : " ")
                            .append(pick(r, SCALARS)).append(r.nextInt(4) == 0 ? "  " : "").append('\n');
                    case 5, 6 -> {
                        sb.append(pick(r, KEYS)).append(':').append(r.nextBoolean() ? "" : "  # list").append('\n');
                        int indent = r.nextInt(4);
                        for (int i = r.nextInt(5); i > 0; i--) {
                            int at = r.nextInt(8) == 0 ? r.nextInt(4) : indent;
                            sb.append(" ".repeat(at)).append(r.nextInt(10) == 0 ? "-" : "- ").append(pick(r, SCALARS))
                                    .append('\n');
                        }
                    }
                    case 7 -> sb.append(pick(r, new String[] {"---", "...", "%YAML 1.1", "  key: 1", "key value", "\tx: 1",
                        "k:\r", "- top", "key:x", "é: 1", "key: [a]", "? x", "k: &a v", "k: *a", "k: |\n  x", "k:\n  x: 1"}))
                            .append('\n');
                    default -> sb.append("nonMasqueradeCIDRs:\n  - 10.").append(r.nextInt(256)).append(".0.0/16\n");
                }
            }
            String text = sb.toString();
            if (PlainYaml.compose(text, new org.yaml.snakeyaml.resolver.Resolver(), BUDGET).isPresent()) {
                fast++;
            }
            assertSameAsSnakeYaml(text);
        }
        assertTrue(fast > 500, "the fast path must see a good share of the documents, saw " + fast);
    }

    @Test
    void theValueBudgetHoldsOnTheFastPathToo() {
        StringBuilder sb = new StringBuilder("nonMasqueradeCIDRs:\n");
        for (int i = 0; i < 200; i++) {
            sb.append("  - 10.0.").append(i).append(".0/24\n");
        }
        for (int budget : new int[] {150, 202, 203, 204, 500}) {
            String text = sb.toString();
            assertEquals(outcome(() -> reader.readWithSnakeYaml(text, budget)), outcome(() -> reader.read(text, budget)),
                    "budget " + budget);
        }
    }

    private static String pick(Random r, String[] from) {
        return from[r.nextInt(from.length)];
    }
}
