package masq.testlab;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/** Skips kernel tests (JUnit assumptions) where they cannot run, saying why. */
public final class KernelTests {
    private KernelTests() {
    }

    /**
     * Skips unless: not disabled with {@code -Dkernel.tests=false}, running as root, and every binary
     * named is on {@code PATH} ({@code ip} is always required).
     */
    public static void assumeKernel(String... binaries) {
        assumeTrue(!"false".equals(System.getProperty("kernel.tests")), "kernel tests disabled (-Dkernel.tests=false)");
        assumeTrue(Namespaces.isRoot(), "kernel tests need root (network namespaces)");
        for (String b : concat("ip", binaries)) {
            assumeTrue(onPath(b), "kernel tests need '" + b + "' on PATH");
        }
    }

    /** Whether an executable of that name is on {@code PATH}. */
    public static boolean onPath(String binary) {
        return find(binary).isPresent();
    }

    /** The executable of that name the test's {@code PATH} finds first (for a wrapper that runs the real one). */
    public static Path which(String binary) {
        return find(binary).orElseThrow(() -> new IllegalStateException("no '" + binary + "' on PATH " + path()));
    }

    /** The test's {@code PATH} (a default when unset), e.g. to put a directory of wrappers in front of it. */
    public static String path() {
        return System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    }

    private static Optional<Path> find(String binary) {
        return Arrays.stream(path().split(":")).map(dir -> Path.of(dir, binary)).filter(Files::isExecutable).findFirst();
    }

    private static String[] concat(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
