package masq.app.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import masq.api.GoQuote;

/** A flag whose value names a file or directory: a value no path can have (a NUL byte) is a usage error. */
public final class PathFlag {
    private PathFlag() {
    }

    public static Path parse(String flag, String value) throws UsageException {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new UsageException("Invalid --" + flag + " flag " + GoQuote.quote(value) + ": not a path: " + e.getReason());
        }
    }
}
