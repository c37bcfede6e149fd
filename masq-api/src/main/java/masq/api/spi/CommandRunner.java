package masq.api.spi;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The one way backends run external programs: an argument list, never a shell. The agent's runner sets
 * {@code LC_ALL=C} for children so error texts can be classified.
 */
@FunctionalInterface
public interface CommandRunner {

    /**
     * Runs {@code argv} (argv[0] found on {@code PATH}), writes {@code stdin} to it, waits for it to end.
     *
     * @param stdin   text for standard input; empty for none
     * @param timeout the process is killed after this long
     * @return its exit code and captured output
     * @throws java.io.InterruptedIOException on timeout (the process has been killed)
     * @throws IOException if it could not be started (e.g. the binary is missing)
     */
    Result run(List<String> argv, String stdin, Duration timeout) throws IOException;

    /**
     * A finished process.
     *
     * @param exitCode its exit status
     * @param stdout   standard output
     * @param stderr   standard error
     */
    record Result(int exitCode, String stdout, String stderr) {
        public Result {
            Objects.requireNonNull(stdout, "stdout");
            Objects.requireNonNull(stderr, "stderr");
        }

        public boolean ok() {
            return exitCode == 0;
        }
    }
}
