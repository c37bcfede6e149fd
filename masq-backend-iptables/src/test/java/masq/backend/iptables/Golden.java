package masq.backend.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Golden files under {@code src/test/resources/golden/<case>/}, read as literal text. With
 * {@code -Dgolden.update=true} a mismatch rewrites the file instead (review the diff before committing).
 */
final class Golden {
    static final Path ROOT = Path.of("src/test/resources/golden");

    private Golden() {
    }

    static Optional<String> read(String caseName, String file) {
        Path p = ROOT.resolve(caseName).resolve(file);
        try {
            return Files.exists(p) ? Optional.of(Files.readString(p)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void check(String caseName, String file, String actual) {
        Optional<String> expected = read(caseName, file);
        if (Boolean.getBoolean("golden.update") && !expected.equals(Optional.of(actual))) {
            try {
                Path p = ROOT.resolve(caseName).resolve(file);
                Files.createDirectories(p.getParent());
                Files.writeString(p, actual);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        assertEquals(expected.orElse("<missing golden file " + caseName + "/" + file + ">"), actual,
                "golden " + caseName + "/" + file);
    }
}
