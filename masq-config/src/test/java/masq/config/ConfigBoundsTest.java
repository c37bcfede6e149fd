package masq.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import masq.api.ConfigProblem;
import masq.api.ConfigProblem.Kind;
import masq.api.spi.ConfigDocument;
import masq.api.spi.ConfigSnapshot;
import masq.api.spi.ConfigSourceContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and huge configs (generated here) give a bounded report: few problems, short lines, the rest
 * counted; valid configs stay valid. The inputs are the ones that crashed the agent (issue "Trust on a real
 * node", item 3).
 */
class ConfigBoundsTest {
    private static final ConfigSettings SETTINGS =
            new ConfigSettings(false, false, ConflictPolicy.WARN, Duration.ofSeconds(60));
    /** What the largest report may take as text: 1 000 lines (500 errors, 500 warnings) of at most ~2.5 KB. */
    private static final int MAX_REPORT_CHARS = 1000 * 2_600;

    @TempDir
    Path dir;

    private static LoadResult load(String... nameAndText) {
        List<ConfigDocument> docs = new ArrayList<>();
        for (int i = 0; i < nameAndText.length; i += 2) {
            docs.add(new ConfigDocument(nameAndText[i], nameAndText[i + 1]));
        }
        return ConfigEngine.load(new ConfigSnapshot(true, docs, List.of()), SETTINGS);
    }

    private static String aliases(int count, String anchored) {
        return "a: &a " + anchored + "\ncidrLimit: 1000000\nnonMasqueradeCIDRs: ["
                + String.join(",", java.util.Collections.nCopies(count, "*a")) + "]\n";
    }

    private static long reportChars(LoadResult r) {
        return r.problems().stream().mapToLong(p -> p.toString().length()).sum();
    }

    private static List<String> lines(LoadResult r) {
        return r.problems().stream().map(p -> p.severity() + " " + p.kind() + " " + p).toList();
    }

    @Test
    void twentyThousandAliasesToOneLongStringAreOneProblemWithItsRepeats() {
        // 61 KB that made 20 001 ERROR lines (63 MB of log) and an OutOfMemoryError in the agent.
        String text = aliases(20_000, "x".repeat(1000));
        assertTrue(text.length() < 62_000, "the issue's size: " + text.length());
        LoadResult r = load("ip-masq-agent", text);
        assertFalse(r.valid());
        String shown = "x".repeat(Problems.MAX_VALUE) + "\u2026";
        assertEquals(List.of("WARNING UNKNOWN_KEY ip-masq-agent: a: unknown key, ignored (known keys: nonMasqueradeCIDRs,"
                + " masqueradeCIDRs, masqLinkLocal, masqLinkLocalIPv6, cidrLimit, resyncInterval)",
                "ERROR INVALID_CIDR ip-masq-agent: nonMasqueradeCIDRs[0]: \"" + shown + "\": CIDR \""
                + shown + "\" could not be parsed, invalid CIDR address: " + shown
                + "; repeated at 19999 more items of this list"), lines(r));
        assertEquals(LoadResult.Omitted.NONE, r.omitted());
    }

    @Test
    void aliasesPastTheValueBudgetAreRefusedBeforeTheyAreChecked() {
        // The 601 KB variant that killed a running nftables agent within 2 s.
        LoadResult r = load("ip-masq-agent", aliases(200_000, "x".repeat(1000)));
        assertEquals(List.of("ERROR UNREADABLE ip-masq-agent: more than 50000 values (keys, values and list items)"
                + " in all config files together, counted after expanding aliases; not read"), lines(r));
    }

    @Test
    void oneMebibyteOfTinyItemsIsRefusedAsItIsParsed() {
        // 520 000 one-letter items: SnakeYAML's node graph alone needed more than the image's 64 MB heap.
        LoadResult r = load("ip-masq-agent", "nonMasqueradeCIDRs: [" + "a,".repeat(520_000) + "a]\n");
        assertEquals(List.of("ERROR UNREADABLE ip-masq-agent: more than 50000 values (keys, values and list items)"
                + " in all config files together, counted as written; not read"), lines(r));
        LoadResult json = load("ip-masq-agent", "{\"nonMasqueradeCIDRs\": [" + "1,".repeat(120_000) + "1]}");
        assertEquals(1, json.problems().size());
        assertTrue(json.problems().getFirst().detail().contains("more than 50000 values"), lines(json).toString());
    }

    @Test
    void theValueBudgetIsSharedByAllFiles() {
        String half = "cidrLimit: 100000\nnonMasqueradeCIDRs:\n" + IntStream.range(0, 30_000)
                .mapToObj(i -> "- 10." + (i >> 8 & 255) + "." + (i & 255) + ".0/24\n").collect(Collectors.joining());
        LoadResult r = load("ip-masq-a", half, "ip-masq-b", half);
        assertFalse(r.valid());
        assertEquals(List.of("ip-masq-b"), r.problems().stream().filter(p -> p.kind() == Kind.UNREADABLE)
                .map(p -> p.origins().getFirst().file()).toList());
    }

    @Test
    void thirtyThousandRepeatsOfOneCidrAreValidAndOneWarning() {
        // check --output=json ran out of memory at ~25 000 problems on this valid file.
        LoadResult r = load("ip-masq-agent", "cidrLimit: 100000\nnonMasqueradeCIDRs:\n" + "- 10.0.0.0/8\n".repeat(30_000));
        assertTrue(r.valid());
        assertEquals(List.of("WARNING DUPLICATE ip-masq-agent: nonMasqueradeCIDRs[0]: \"10.0.0.0/8\" vs ip-masq-agent:"
                + " nonMasqueradeCIDRs[1]: \"10.0.0.0/8\": CIDR 10.0.0.0/8 is listed 30000 times; the repeats are ignored"),
                lines(r));
    }

    @Test
    void manyDistinctWarningsAreCappedPerFileAndCounted() {
        String pairs = IntStream.range(0, 20_000).mapToObj(i -> "- 10." + (i >> 8) + "." + (i & 255) + ".0/24\n")
                .map(line -> line + line).collect(Collectors.joining());
        LoadResult r = load("ip-masq-agent", "cidrLimit: 100000\nnonMasqueradeCIDRs:\n" + pairs);
        assertTrue(r.valid(), "warnings never make a config invalid");
        assertEquals(Problems.PER_FILE, r.problems().size());
        assertEquals(new LoadResult.Omitted(0, 20_000 - Problems.PER_FILE), r.omitted());
        assertEquals(20_000, r.config().orElseThrow().nonMasquerade().size());
    }

    @Test
    void errorsAreCappedPerFileAndInAllAndNeverCrowdedOutByWarnings() {
        List<String> docs = new ArrayList<>();
        for (int f = 0; f < 8; f++) {
            // 150 warnings (unknown keys) first, then 300 distinct invalid CIDRs.
            StringBuilder sb = new StringBuilder();
            IntStream.range(0, 150).forEach(i -> sb.append("unknown").append(i).append(": 1\n"));
            sb.append("cidrLimit: 1000\nnonMasqueradeCIDRs:\n");
            IntStream.range(0, 300).forEach(i -> sb.append("- bad").append(i).append('\n'));
            docs.add("ip-masq-" + f);
            docs.add(sb.toString());
        }
        LoadResult r = load(docs.toArray(String[]::new));
        assertFalse(r.valid());
        Map<Boolean, Long> bySeverity = r.problems().stream().collect(Collectors.partitioningBy(ConfigProblem::isError,
                Collectors.counting()));
        assertEquals(Problems.TOTAL, bySeverity.get(true), "100 errors from each of the first 5 files");
        assertEquals(Problems.TOTAL, bySeverity.get(false), "100 warnings from each of the first 5 files");
        assertEquals(new LoadResult.Omitted(8 * 300 - Problems.TOTAL, 8 * 150 - Problems.TOTAL), r.omitted());
        assertTrue(reportChars(r) < MAX_REPORT_CHARS, "report size " + reportChars(r));
    }

    @Test
    void aHugeMappingWhereAListBelongsIsQuotedShort() {
        String mapping = IntStream.range(0, 20_000).mapToObj(i -> "  k" + i + ": v\n").collect(Collectors.joining());
        LoadResult r = load("ip-masq-agent", "nonMasqueradeCIDRs:\n" + mapping);
        assertEquals(1, r.problems().size());
        ConfigProblem p = r.problems().getFirst();
        assertEquals(Kind.WRONG_TYPE, p.kind());
        assertEquals(Problems.MAX_VALUE + 1, p.origins().getFirst().value().length());
        assertTrue(p.origins().getFirst().value().startsWith("{\"k0\":\"v\",\"k1\":\"v\""), p.toString());
    }

    @Test
    void theLargestConfigWithinTheValueBoundStaysValid() {
        // Two files of 24 995 distinct CIDRs: 2 x (mapping + 2 keys + cidrLimit + list + 24 995 items) = 50 000, the bound.
        List<String> docs = new ArrayList<>();
        for (int f = 0; f < 2; f++) {
            StringBuilder sb = new StringBuilder("cidrLimit: 100000\nnonMasqueradeCIDRs:\n");
            for (int n = 0; n < 24_995; n++) {
                sb.append("- 10.").append(f).append('.').append(n >> 8).append('.').append(n & 255).append("/32\n");
            }
            docs.add("ip-masq-" + f);
            docs.add(sb.toString());
        }
        LoadResult r = load(docs.toArray(String[]::new));
        assertTrue(r.valid(), lines(r).toString());
        assertEquals(49_990, r.config().orElseThrow().nonMasquerade().size());
    }

    @Test
    void moreFilesThanTheCapAreNotReadAtAll() throws IOException {
        for (int i = 0; i < DirectoryConfigSource.MAX_FILES; i++) {
            Files.writeString(dir.resolve(String.format("ip-masq-%03d", i)), "nonMasqueradeCIDRs: [10.0.0.0/8]\n");
        }
        Files.writeString(dir.resolve("other"), "not read");
        LoadResult atTheCap = ConfigEngine.load(read(), SETTINGS);
        assertTrue(atTheCap.valid());
        assertEquals(List.of("WARNING DUPLICATE ip-masq-000: nonMasqueradeCIDRs[0]: \"10.0.0.0/8\" vs ip-masq-001:"
                + " nonMasqueradeCIDRs[0]: \"10.0.0.0/8\": CIDR 10.0.0.0/8 is listed 100 times; the repeats are ignored"),
                lines(atTheCap));

        Files.writeString(dir.resolve("ip-masq-100"), "nonMasqueradeCIDRs: [10.0.0.0/8]\n");
        ConfigSnapshot over = read();
        assertEquals(List.of(), over.documents());
        assertEquals(List.of("ERROR UNREADABLE " + dir + ": more than 100 entries start with the prefix \"ip-masq\";"
                + " none is read"), over.problems().stream().map(p -> p.severity() + " " + p.kind() + " " + p).toList());
    }

    @Test
    void moreBytesThanTheCapInAllFilesAreNotUsed() throws IOException {
        String almostMebibyte = "# " + "x".repeat(DirectoryConfigSource.MAX_FILE_BYTES - 4) + "\n";
        for (int i = 0; i < 4; i++) {
            Files.writeString(dir.resolve("ip-masq-" + i), almostMebibyte);
        }
        assertTrue(ConfigEngine.load(read(), SETTINGS).valid(), "4 files of almost 1 MiB are within 4 MiB");
        Files.writeString(dir.resolve("ip-masq-4"), "masqLinkLocal: true\n");
        ConfigSnapshot over = read();
        assertEquals(List.of(), over.documents());
        assertEquals(1, over.problems().size());
        assertTrue(over.problems().getFirst().toString().endsWith(" hold more than 4194304 bytes (4 MiB) together;"
                + " none is used"), over.problems().toString());
    }

    private ConfigSnapshot read() {
        return new DirectoryConfigSourceProvider().create(new ConfigSourceContext(dir, "ip-masq", Map.of())).read();
    }
}
