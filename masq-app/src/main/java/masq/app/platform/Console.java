package masq.app.platform;

import java.io.PrintStream;
import java.util.Objects;

/**
 * Where command output (stdout) and user-facing errors (stderr) go. The only class that touches
 * {@code System.out}/{@code System.err}; everything else gets a {@code Console}, so tests capture output.
 *
 * @param out command output: rendered rules, check and explain reports, version, help
 * @param err usage errors and command failures (logs go to stderr through logback, not here)
 */
public record Console(PrintStream out, PrintStream err) {
    public Console {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
    }

    /** The process's own streams. */
    public static Console system() {
        return new Console(System.out, System.err);
    }
}
