package masq.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import masq.api.ConfigProblem;
import masq.api.GoDuration;
import masq.api.IpFamily;
import masq.api.MasqPolicy;
import masq.api.spi.ConfigSnapshot;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * One case per directory under {@code src/test/resources/config-cases/}: {@code in/} holds the config files
 * (read through the directory source with prefix {@code ip-masq}; no {@code in/} = missing directory),
 * optional {@code settings.properties}, and the literal expected outputs {@code expected-config.txt}
 * (absent = the config must be invalid) and {@code expected-problems.txt} (absent = no problems).
 * {@code -Dgolden.update=true} rewrites the expected files from the actual output (review the diff!).
 */
class GoldenCasesTest {
    private static final Path CASES = Path.of("src/test/resources/config-cases");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    @TestFactory
    Stream<DynamicTest> configCases() throws IOException {
        try (Stream<Path> dirs = Files.list(CASES)) {
            return dirs.filter(Files::isDirectory).sorted().toList().stream()
                    .map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> runCase(dir)));
        }
    }

    private static void runCase(Path dir) throws IOException {
        ConfigSettings settings = settings(dir.resolve("settings.properties"));
        ConfigSnapshot snapshot = new DirectoryConfigSource(dir.resolve("in"), "ip-masq").read();
        LoadResult result = ConfigEngine.load(snapshot, settings);

        String problems = result.problems().stream().map(GoldenCasesTest::line).collect(Collectors.joining());
        String config = result.config().map(ConfigDump::render).orElse("");
        if (UPDATE) {
            write(dir.resolve("expected-problems.txt"), problems);
            write(dir.resolve("expected-config.txt"), config);
        }
        assertEquals(read(dir.resolve("expected-problems.txt")), problems, "problems of " + dir.getFileName());
        Path expectedConfig = dir.resolve("expected-config.txt");
        if (Files.exists(expectedConfig)) {
            assertTrue(result.valid(), "expected a valid config, got problems:\n" + problems);
            assertEquals(read(expectedConfig), config, "config of " + dir.getFileName());
            // Every valid config must be accepted by MasqPolicy, the backends' input (it re-checks families
            // and that no CIDR is in both lists).
            Set<IpFamily> families = settings.enableIpv6() ? EnumSet.allOf(IpFamily.class) : Set.of(IpFamily.IPV4);
            result.config().orElseThrow().toPolicy(families, List.of(), true, MasqPolicy.DEFAULT_CHAIN);
        } else {
            assertFalse(result.valid(), "expected an invalid config, got:\n" + config);
        }
    }

    /** Severity, kind, then ConfigProblem.toString(): the exact line users see. */
    static String line(ConfigProblem p) {
        return p.severity() + " " + p.kind() + " " + p + "\n";
    }

    private static ConfigSettings settings(Path file) throws IOException {
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            }
        }
        return new ConfigSettings(
                Boolean.parseBoolean(p.getProperty("enableIpv6", "false")),
                Boolean.parseBoolean(p.getProperty("noMasqAllReservedRanges", "false")),
                ConflictPolicy.valueOf(p.getProperty("conflictPolicy", "WARN")),
                GoDuration.parse(p.getProperty("defaultResyncInterval", "60s")));
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    private static void write(Path file, String text) throws IOException {
        if (text.isEmpty()) {
            Files.deleteIfExists(file);
        } else {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        }
    }
}
