package masq.app.command;

import java.util.List;
import masq.api.ConfigProblem;
import masq.config.LoadResult;
import masq.config.ProblemsJson;

/** The {@code check} report: every problem, as text lines or one JSON document. */
public final class ProblemReport {
    private ProblemReport() {
    }

    /**
     * One line per problem ({@code error: file: field: "value": detail}), a line for those beyond the report's
     * bounds, then a verdict line counting all of them.
     */
    public static String text(LoadResult result, String directory) {
        StringBuilder sb = new StringBuilder();
        for (ConfigProblem p : result.problems()) {
            sb.append(p.isError() ? "error: " : "warning: ").append(p).append('\n');
        }
        LoadResult.Omitted omitted = result.omitted();
        if (omitted.total() > 0) {
            sb.append(omitted.describe()).append('\n');
        }
        long errors = result.problems().stream().filter(ConfigProblem::isError).count() + omitted.errors();
        long warnings = result.problems().size() + omitted.total() - errors;
        String counts = count(errors, "error") + ", " + count(warnings, "warning");
        if (result.valid()) {
            List<String> files = result.config().orElseThrow().files();
            String source = files.isEmpty() ? "no config files, defaults apply" : String.join(", ", files);
            sb.append(directory).append(": valid (").append(source).append("; ").append(counts).append(")\n");
        } else {
            sb.append(directory).append(": invalid (").append(counts).append(")\n");
        }
        return sb.toString();
    }

    /**
     * {@code {"valid":..,"problems":[{"severity","kind","origins":[{"file","field","value"}],"detail","message"}],
     * "omitted":{"errors":..,"warnings":..}}};
     * the problem objects are masq.config's {@link ProblemsJson}, the one definition of that format.
     */
    static String json(LoadResult result) {
        return "{\"valid\":" + result.valid() + ",\"problems\":" + ProblemsJson.render(result.problems())
                + ",\"omitted\":{\"errors\":" + result.omitted().errors() + ",\"warnings\":" + result.omitted().warnings()
                + "}}\n";
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
