package masq.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import masq.api.ConfigProblem;
import masq.api.ConfigProblem.Kind;
import masq.api.ConfigProblem.Origin;
import masq.api.ConfigProblem.Severity;
import masq.api.spi.ConfigDocument;
import masq.api.spi.ConfigSnapshot;
import org.junit.jupiter.api.Test;

class ConfigEngineTest {
    private static final ConfigSettings SETTINGS =
            new ConfigSettings(false, false, ConflictPolicy.WARN, Duration.ofSeconds(60));
    private static final String VALID = """
            nonMasqueradeCIDRs:
              - 10.0.0.0/8
              - 172.16.0.0/12
            masqueradeCIDRs: [10.1.0.0/16]
            masqLinkLocal: true
            cidrLimit: 10
            resyncInterval: 1m30s
            """;

    @Test
    void sourceProblemsMakeTheConfigInvalidAndComeFirst() {
        ConfigProblem unreadable = ConfigProblem.of(Severity.ERROR, Kind.UNREADABLE,
                new Origin("ip-masq-a", "", ""), "file is larger than 1048576 bytes (1 MiB)");
        LoadResult r = ConfigEngine.load(new ConfigSnapshot(true,
                List.of(new ConfigDocument("ip-masq-b", "bogus: 1\n")), List.of(unreadable)), SETTINGS);

        assertFalse(r.valid());
        assertEquals(List.of(unreadable.toString(),
                "ip-masq-b: bogus: unknown key, ignored (known keys: nonMasqueradeCIDRs, masqueradeCIDRs,"
                        + " masqLinkLocal, masqLinkLocalIPv6, cidrLimit, resyncInterval)"),
                r.problems().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void sameInputGivesEqualResults() {
        ConfigSnapshot s = new ConfigSnapshot(true, List.of(new ConfigDocument("ip-masq-agent", VALID)), List.of());

        assertEquals(ConfigEngine.load(s, SETTINGS), ConfigEngine.load(s, SETTINGS));
        assertEquals(Duration.ofSeconds(90), ConfigEngine.load(s, SETTINGS).config().orElseThrow().resyncInterval());
    }

    @Test
    void neverThrowsOnMangledInput() {
        Random random = new Random(42); // fixed seed: deterministic
        String alphabet = "{}[]-:,'\"#&*!|>%@`\n \t.0123456789abcxyz/\\\u00e9";
        int invalid = 0;
        for (int i = 0; i < 2000; i++) {
            StringBuilder text = new StringBuilder(random.nextBoolean() ? VALID : "");
            int edits = 1 + random.nextInt(6);
            for (int e = 0; e < edits; e++) {
                int at = text.isEmpty() ? 0 : random.nextInt(text.length() + 1);
                text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                if (!text.isEmpty() && random.nextBoolean()) {
                    text.deleteCharAt(random.nextInt(text.length()));
                }
            }
            LoadResult r = ConfigEngine.load(new ConfigSnapshot(true,
                    List.of(new ConfigDocument("ip-masq-agent", text.toString())), List.of()), SETTINGS);
            assertTrue(r.valid() || r.problems().stream().anyMatch(ConfigProblem::isError), text::toString);
            invalid += r.valid() ? 0 : 1;
        }
        assertTrue(invalid > 100, "the mangling should break many documents, broke " + invalid);
    }
}
