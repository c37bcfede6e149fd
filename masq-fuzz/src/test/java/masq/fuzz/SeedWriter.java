package masq.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The corpus's seeds. {@link #small} are committed (in each target's {@code Inputs/} directory, replayed by
 * every build): the config golden cases, the Go originals' examples, the backends' golden listings and the
 * small reproductions of the hostile-input issue. {@link #big} are that large reproductions (hundreds
 * of kilobytes each), generated instead of committed: {@link GeneratedSeedsTest} runs them through the targets
 * in every build and {@code scripts/fuzz.sh} writes them into the campaign corpus.
 *
 * <p>{@code java masq.fuzz.SeedWriter DIR} writes the big seeds under {@code DIR/<class>/<method>/};
 * {@code java masq.fuzz.SeedWriter --commit} (from masq-fuzz/) rewrites the committed small seeds.
 */
public final class SeedWriter {
    static final String ONE_FILE = "masq.fuzz.ConfigFuzzTest/oneFile";
    static final String SEVERAL_FILES = "masq.fuzz.ConfigFuzzTest/severalFiles";
    static final String AGREE = "masq.app.AppFuzzTest/checkAgreesWithRunOnce";
    static final String LISTING = "masq.backend.nftables.NftListingFuzzTest/listing";
    static final String SAVE = "masq.backend.iptables.IptablesSaveFuzzTest/save";
    /** Flag byte of FuzzInput: --enable-ipv6. */
    static final int IPV6 = 1;

    /**
     * One seed.
     *
     * @param target {@code class/method}
     * @param name   file name
     * @param bytes  the input
     */
    record Seed(String target, String name, byte[] bytes) {
    }

    private SeedWriter() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 1 && args[0].equals("--commit")) {
            write(Path.of("src/test/resources"), small(Path.of("..")), true);
        } else {
            write(Path.of(args[0]), big(), false);
        }
    }

    private static void write(Path root, List<Seed> seeds, boolean resources) throws IOException {
        for (Seed s : seeds) {
            String[] t = s.target().split("/");
            Path dir = resources ? root.resolve(t[0].replace('.', '/') + "Inputs").resolve(t[1]) : root.resolve(t[0]).resolve(t[1]);
            Files.createDirectories(dir);
            Files.write(dir.resolve(s.name()), s.bytes());
        }
    }

    /** From the repository at {@code repo}: golden cases and examples, plus hand-written reproductions. */
    static List<Seed> small(Path repo) throws IOException {
        List<Seed> out = new ArrayList<>();
        try (Stream<Path> cases = Files.list(repo.resolve("masq-config/src/test/resources/config-cases"))) {
            for (Path c : cases.sorted().toList()) {
                int flags = flags(c.resolve("settings.properties"));
                List<String> files = new ArrayList<>();
                if (Files.isDirectory(c.resolve("in"))) {
                    try (Stream<Path> in = Files.list(c.resolve("in"))) {
                        for (Path f : in.filter(p -> p.getFileName().toString().startsWith("ip-masq")).sorted().toList()) {
                            files.add(Files.readString(f));
                        }
                    }
                }
                String name = "golden-" + c.getFileName();
                out.add(new Seed(SEVERAL_FILES, name, FuzzInput.encode(flags, files)));
                out.add(new Seed(AGREE, name, FuzzInput.encode(flags, files)));
                if (files.size() == 1) {
                    out.add(new Seed(ONE_FILE, name, FuzzInput.encode(flags, files)));
                }
            }
        }
        List<String> examples = List.of(Files.readString(repo.resolve("examples/config/ip-masq-agent")),
                Files.readString(repo.resolve("examples/config/ip-masq-agent-reconciled")));
        out.add(new Seed(SEVERAL_FILES, "example-config", FuzzInput.encode(0, examples)));
        out.add(new Seed(AGREE, "example-config", FuzzInput.encode(0x30, examples)));
        hostile().forEach((name, text) -> {
            out.add(new Seed(ONE_FILE, "issue11-" + name, FuzzInput.encode(IPV6, List.of(text))));
            out.add(new Seed(AGREE, "issue11-" + name, FuzzInput.encode(0, List.of(text))));
        });
        for (String golden : List.of("custom-cidrs", "drift", "masquerade-cidrs")) {
            out.add(new Seed(LISTING, "golden-" + golden, Files.readAllBytes(
                    repo.resolve("masq-backend-nftables/src/test/resources/golden/" + golden + "/listing.txt"))));
        }
        try (Stream<Path> goldens = Files.walk(repo.resolve("masq-backend-iptables/src/test/resources/golden"))) {
            for (Path g : goldens.filter(p -> p.getFileName().toString().matches("(initial|after)-ipv[46]\\.txt")).sorted().toList()) {
                out.add(new Seed(SAVE, "golden-" + g.getParent().getFileName() + "-" + g.getFileName(), Files.readAllBytes(g)));
            }
        }
        return out;
    }

    /** The hostile-input issue's small reproductions, by name. */
    static java.util.Map<String, String> hostile() {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("aliases-50", aliases(50, "x".repeat(100)));
        m.put("duplicates-200", "cidrLimit: 100000\nnonMasqueradeCIDRs:\n" + "- 10.0.0.0/8\n".repeat(200));
        m.put("control-characters", "nonMasqueradeCIDRs: [\"10.0.0.0/8\\0\\e[2J\\nERROR forged\", \"\\u202e1.0.0.0/8\"]\n"
                + "\"key\\twith\\ttabs\": 1\n");
        m.put("non-ascii-keys", "nonMasqueradeC\u0130DRs: [10.0.0.0/8]\nmasqLin\u212ALocal: true\nre\u017FyncInterval: 5s\n");
        m.put("resync-1ns", "resyncInterval: 1ns\n");
        m.put("resync-long", "resyncInterval: \"" + "1".repeat(300) + "s\"\n");
        m.put("recursive-alias", "a: &a [*a]\nnonMasqueradeCIDRs: *a\n");
        m.put("both-lists", "nonMasqueradeCIDRs: [10.0.0.0/8]\nmasqueradeCIDRs: [10.0.0.0/8, 10.1.0.0/16]\n");
        m.put("null-items", "nonMasqueradeCIDRs:\n  -\n  - null\n  - ~\n  - \"\"\n");
        m.put("json-numeric", "{\"nonMasqueradeCIDRs\": [1, 2.5, true, {}], \"resyncInterval\": 60}");
        return m;
    }

    /** The large reproductions (each once crashed, hung or flooded the agent), generated. */
    static List<Seed> big() {
        String long1000 = "x".repeat(1000);
        String halfCidrs = cidrs(10, 24_000);
        return List.of(
                new Seed(ONE_FILE, "aliases-20000-of-1000-chars", FuzzInput.encode(0, List.of(aliases(20_000, long1000)))),
                new Seed(ONE_FILE, "aliases-200000-of-1000-chars", FuzzInput.encode(0, List.of(aliases(200_000, long1000)))),
                new Seed(ONE_FILE, "aliases-5000-of-1000-chars", FuzzInput.encode(0, List.of(aliases(5_000, long1000)))),
                new Seed(ONE_FILE, "duplicates-30000", FuzzInput.encode(0, List.of("cidrLimit: 100000\nnonMasqueradeCIDRs:\n"
                        + "- 10.0.0.0/8\n".repeat(30_000)))),
                new Seed(ONE_FILE, "tiny-items-1mib", FuzzInput.encode(0, List.of("nonMasqueradeCIDRs: [" + "a,".repeat(520_000) + "a]\n"))),
                new Seed(ONE_FILE, "resync-1048000-digits", FuzzInput.encode(0, List.of("resyncInterval: \"" + "1".repeat(1_048_000) + "s\"\n"))),
                new Seed(SEVERAL_FILES, "two-files-48000-cidrs", FuzzInput.encode(0, List.of(
                        "cidrLimit: 100000\nnonMasqueradeCIDRs:\n" + halfCidrs, "cidrLimit: 100000\nmasqueradeCIDRs:\n"
                                + halfCidrs.replace("- 10.", "- 11.")))),
                new Seed(SEVERAL_FILES, "eight-files-past-the-value-budget", FuzzInput.encode(0,
                        IntStream.range(0, 8).mapToObj(f -> "cidrLimit: 100000\nnonMasqueradeCIDRs:\n" + cidrs(20 + f, 8_000)).toList())));
    }

    /** {@code n} distinct /24s inside {@code first}.0.0.0/8, one YAML list item a line. */
    private static String cidrs(int first, int n) {
        return IntStream.range(0, n).mapToObj(i -> "- " + first + "." + (i >> 8 & 255) + "." + (i & 255) + ".0/24\n")
                .collect(Collectors.joining());
    }

    private static String aliases(int count, String anchored) {
        return "a: &a " + anchored + "\ncidrLimit: 1000000\nnonMasqueradeCIDRs: [" + String.join(",", Collections.nCopies(count, "*a"))
                + "]\n";
    }

    /** FuzzInput's flag byte for a golden case's settings.properties. */
    private static int flags(Path settings) {
        if (!Files.exists(settings)) {
            return 0;
        }
        Properties p = new Properties();
        try {
            p.load(new java.io.StringReader(Files.readString(settings, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return (Boolean.parseBoolean(p.getProperty("enableIpv6")) ? 1 : 0)
                | (Boolean.parseBoolean(p.getProperty("noMasqAllReservedRanges")) ? 2 : 0)
                | ("REJECT".equals(p.getProperty("conflictPolicy")) ? 4 : 0);
    }
}
