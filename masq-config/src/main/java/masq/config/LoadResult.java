package masq.config;

import java.util.List;
import java.util.Optional;
import masq.api.ConfigProblem;

/**
 * What loading a snapshot produced: a configuration when no problem is an error, and the problems, as a
 * bounded report (docs/errors.md "Bounds").
 *
 * @param config   present exactly when the configuration is valid
 * @param problems the errors and warnings kept, in file order; an error found is always among them when
 *                 there is one
 * @param omitted  how many more were found but not kept
 */
public record LoadResult(Optional<EffectiveConfig> config, List<ConfigProblem> problems, Omitted omitted) {
    public LoadResult {
        problems = List.copyOf(problems);
        if (config.isPresent() == problems.stream().anyMatch(ConfigProblem::isError)) {
            throw new IllegalArgumentException("a config is present exactly when there is no error");
        }
        if (config.isPresent() && omitted.errors() > 0) {
            throw new IllegalArgumentException("a config with omitted errors");
        }
    }

    /** A complete report: nothing omitted. */
    public LoadResult(Optional<EffectiveConfig> config, List<ConfigProblem> problems) {
        this(config, problems, Omitted.NONE);
    }

    public boolean valid() {
        return config.isPresent();
    }

    /**
     * Problems found beyond the report's bounds, by severity.
     *
     * @param errors   errors not kept
     * @param warnings warnings not kept
     */
    public record Omitted(int errors, int warnings) {
        public static final Omitted NONE = new Omitted(0, 0);
        /** Errors (and, separately, warnings) kept per file: the file of a problem's last origin. */
        public static final int PER_FILE = 100;
        /** Errors (and, separately, warnings) kept in all. */
        public static final int TOTAL = 500;

        public int total() {
            return errors + warnings;
        }

        /**
         * The line telling people about them, as {@code check} prints it and the agent logs it (docs/errors.md
         * "Bounds"): {@code ... and 7 more problems not listed (5 errors, 2 warnings): at most 100 errors ...}.
         */
        public String describe() {
            return "... and " + total() + " more problems not listed (" + count(errors, "error") + ", "
                    + count(warnings, "warning") + "): at most " + PER_FILE + " errors and " + PER_FILE
                    + " warnings per file, " + TOTAL + " of each in all";
        }

        private static String count(int n, String noun) {
            return n + " " + noun + (n == 1 ? "" : "s");
        }
    }
}
