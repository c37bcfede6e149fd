package masq.config;

import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Key matching as Go's {@code encoding/json} does it for the originals' config structs: case-insensitive
 * for ASCII letters, plus the only two non-ASCII characters whose case folding reaches an ASCII letter, the
 * Kelvin sign U+212A (folds to {@code k}) and the long s U+017F (folds to {@code s}). Nothing else folds:
 * {@code nonMasqueradeCİDRs} (dotted capital I, U+0130) is not {@code nonMasqueradeCIDRs}, although Java's
 * {@code equalsIgnoreCase} would say it is.
 */
final class KeyFolding {
    private KeyFolding() {
    }

    /** Whether {@code written} names the ASCII key {@code known}. */
    static boolean matches(String known, String written) {
        if (known.length() != written.length()) {
            return false; // every character that can match is one UTF-16 unit on both sides
        }
        for (int i = 0; i < known.length(); i++) {
            if (fold(known.charAt(i)) != fold(written.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The non-ASCII characters of {@code key} as {@code U+212A, U+0130}, or "" when it is all ASCII. */
    static String nonAscii(String key) {
        return key.codePoints().filter(c -> c >= 0x80).distinct()
                .mapToObj(c -> String.format(Locale.ROOT, "U+%04X", c)).collect(Collectors.joining(", "));
    }

    private static char fold(char c) {
        if (c >= 'A' && c <= 'Z') {
            return (char) (c + ('a' - 'A'));
        }
        return switch (c) {
            case '\u212a' -> 'k';
            case '\u017f' -> 's';
            default -> c;
        };
    }
}
