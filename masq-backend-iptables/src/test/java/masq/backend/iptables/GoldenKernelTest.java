package masq.backend.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import masq.api.spi.CommandRunner;
import masq.testlab.KernelTests;
import masq.testlab.NetnsLab;

/**
 * Proves the golden files (and so the fake) against the real tools: in a fresh namespace, seed
 * {@code initial-*.txt}, apply the golden {@code restore-*.txt} with the real iptables-restore, and
 * expect iptables-save to print exactly {@code after-*.txt} — in legacy and in nft mode.
 */
class GoldenKernelTest {

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(Golden.ROOT)) {
            for (Path dir : dirs.sorted().toList()) {
                for (String fam : List.of("ipv4", "ipv6")) {
                    if (Files.exists(dir.resolve("restore-" + fam + ".txt")) && Files.exists(dir.resolve("after-" + fam + ".txt"))) {
                        for (IptablesMode mode : IptablesMode.values()) {
                            out.add(Arguments.of(dir.getFileName().toString(), fam, mode));
                        }
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void goldenPayloadGivesGoldenTableInTheKernel(String name, String fam, IptablesMode mode) throws Exception {
        String prefix = (fam.equals("ipv4") ? "iptables-" : "ip6tables-") + mode.label();
        KernelTests.assumeKernel(prefix + "-restore", prefix + "-save");
        try (NetnsLab lab = NetnsLab.create("iptg")) {
            CommandRunner node = lab.commands(lab.nodeNs());
            var initial = Golden.read(name, "initial-" + fam + ".txt");
            if (initial.isPresent()) {
                restore(node, prefix, initial.get().replaceAll("(?m)^#.*\n", ""));
            }
            restore(node, prefix, Golden.read(name, "restore-" + fam + ".txt").orElseThrow());
            String saved = node.run(List.of(prefix + "-save", "-t", "nat"), "", Duration.ofSeconds(30)).stdout();
            assertEquals(Golden.read(name, "after-" + fam + ".txt").orElseThrow(), withoutComments(saved));
        }
    }

    static void restore(CommandRunner node, String prefix, String payload) throws IOException {
        CommandRunner.Result r = node.run(List.of(prefix + "-restore", "-w", "5", "--noflush"), payload, Duration.ofSeconds(30));
        assertEquals(0, r.exitCode(), r.stderr());
    }

    /** iptables-save's header/footer comments carry dates; nft mode appends a warning about legacy tables. */
    static String withoutComments(String saved) {
        return saved.lines().filter(l -> !l.startsWith("#")).map(l -> l.replaceAll("# Warning.*", ""))
                .filter(l -> !l.isEmpty()).reduce(new StringBuilder(), (sb, l) -> sb.append(l).append('\n'), StringBuilder::append)
                .toString();
    }
}
