package masq.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import masq.config.LoadResult;
import org.junit.jupiter.api.Test;

/**
 * The hostile-input issue's large reproductions ({@link SeedWriter#big}), generated rather than committed, through
 * the same targets and invariants as the fuzzer's inputs, plus what each must give: refused or valid, in a few
 * report lines.
 */
class GeneratedSeedsTest {
    @Test
    void everyLargeReproductionKeepsTheInvariantsAndGivesItsVerdict() {
        Map<String, LoadResult> results = SeedWriter.big().stream().collect(Collectors.toMap(SeedWriter.Seed::name, s ->
                ConfigFuzzTest.check(s.target().equals(SeedWriter.ONE_FILE) ? FuzzInput.oneFile(s.bytes())
                        : FuzzInput.severalFiles(s.bytes()))));
        for (String refused : List.of("aliases-20000-of-1000-chars", "aliases-200000-of-1000-chars", "aliases-5000-of-1000-chars",
                "tiny-items-1mib", "resync-1048000-digits", "eight-files-past-the-value-budget")) {
            LoadResult r = results.get(refused);
            assertFalse(r.valid(), refused);
            assertTrue(r.problems().size() <= 3, refused + ": " + r.problems());
        }
        LoadResult duplicates = results.get("duplicates-30000");
        assertTrue(duplicates.valid());
        assertEquals(1, duplicates.problems().size(), duplicates.problems().toString());
        LoadResult big = results.get("two-files-48000-cidrs");
        assertTrue(big.valid(), big.problems().toString());
        assertEquals(24_000, big.config().orElseThrow().masquerade().size());
    }

    @Test
    void everyCommittedSeedIsStillTheSeedWriterOutput() throws java.io.IOException {
        // The committed corpus is generated: a golden case added to masq-config without rerunning the writer
        // would silently stay out of the corpus.
        for (SeedWriter.Seed s : SeedWriter.small(java.nio.file.Path.of(".."))) {
            String[] t = s.target().split("/");
            java.nio.file.Path file = java.nio.file.Path.of("src/test/resources", t[0].replace('.', '/') + "Inputs", t[1], s.name());
            assertTrue(java.nio.file.Files.exists(file), "missing seed " + file + ": run SeedWriter --commit");
            assertTrue(java.util.Arrays.equals(s.bytes(), java.nio.file.Files.readAllBytes(file)), "stale seed " + file);
        }
    }
}
