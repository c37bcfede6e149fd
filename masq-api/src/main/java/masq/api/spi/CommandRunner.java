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
     * @throws OutputLimitException when it wrote more than the runner keeps (the process has been killed)
     * @throws IOException if it could not be started (e.g. the binary is missing)
     */
    Result run(List<String> argv, String stdin, Duration timeout) throws IOException;

    /**
     * A process wrote more to standard output or standard error than the runner keeps in memory: it was
     * killed and its output dropped, since a cut-off listing must never be read as the whole state.
     */
    final class OutputLimitException extends IOException {
        private static final long serialVersionUID = 1L;

        private final String stream;
        private final long limitBytes;

        /**
         * @param program    argv[0]
         * @param stream     {@code stdout} or {@code stderr}
         * @param limitBytes the limit that was exceeded
         */
        public OutputLimitException(String program, String stream, long limitBytes) {
            super(program + " wrote more than " + describe(limitBytes) + " to " + stream + " and was killed (output too large)");
            this.stream = Objects.requireNonNull(stream, "stream");
            this.limitBytes = limitBytes;
        }

        /** {@code stdout} or {@code stderr}. */
        public String stream() {
            return stream;
        }

        public long limitBytes() {
            return limitBytes;
        }

        private static String describe(long bytes) {
            return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB"
                    : bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " bytes";
        }
    }

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
