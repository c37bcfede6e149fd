package masq.backend.nftables;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Compares text with a golden file under {@code src/test/resources/golden/}. The files are written out
 * literally and reviewed; {@code -Dgolden.update=true} rewrites them from the current output (then
 * review the diff in git before committing).
 */
final class Golden {
    private static final Path ROOT = Path.of("src", "test", "resources", "golden");

    private Golden() {
    }

    static void assertMatches(String relative, String actual) {
        Path file = ROOT.resolve(relative);
        try {
            if (Boolean.getBoolean("golden.update")) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual);
                return;
            }
            if (!Files.exists(file)) {
                fail("golden file " + file + " is missing; actual text:\n" + actual);
            }
            String expected = Files.readString(file);
            if (!expected.equals(actual)) {
                fail("output differs from " + file + ":\n" + diff(expected, actual));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A line diff good enough to read: '-' expected only, '+' actual only. */
    static String diff(String expected, String actual) {
        List<String> e = expected.lines().toList();
        List<String> a = actual.lines().toList();
        StringBuilder sb = new StringBuilder();
        int n = Math.max(e.size(), a.size());
        for (int i = 0; i < n; i++) {
            String el = i < e.size() ? e.get(i) : null;
            String al = i < a.size() ? a.get(i) : null;
            if (el != null && el.equals(al)) {
                sb.append("  ").append(el).append('\n');
            } else {
                if (el != null) {
                    sb.append("- ").append(el).append('\n');
                }
                if (al != null) {
                    sb.append("+ ").append(al).append('\n');
                }
            }
        }
        return sb.toString();
    }
}
