package masq.app;

import java.util.List;
import java.util.stream.Collectors;
import masq.api.ConfigProblem;
import masq.config.LoadResult;

/** The {@code check} report: every problem, as text lines or one JSON document. */
final class ProblemReport {
    private ProblemReport() {
    }

    /** One line per problem ({@code error: file: field: "value": detail}), then a verdict line. */
    static String text(LoadResult result, String directory) {
        StringBuilder sb = new StringBuilder();
        for (ConfigProblem p : result.problems()) {
            sb.append(p.isError() ? "error: " : "warning: ").append(p).append('\n');
        }
        long errors = result.problems().stream().filter(ConfigProblem::isError).count();
        long warnings = result.problems().size() - errors;
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

    /** {@code {"valid":..,"problems":[{"severity","kind","origins":[{"file","field","value"}],"detail"}]}}. */
    static String json(LoadResult result) {
        String problems = result.problems().stream().map(ProblemReport::json).collect(Collectors.joining(","));
        return "{\"valid\":" + result.valid() + ",\"problems\":[" + problems + "]}\n";
    }

    private static String json(ConfigProblem p) {
        String origins = p.origins().stream()
                .map(o -> "{\"file\":" + Json.quote(o.file()) + ",\"field\":" + Json.quote(o.field())
                        + ",\"value\":" + Json.quote(o.value()) + "}")
                .collect(Collectors.joining(","));
        return "{\"severity\":" + Json.quote(p.severity().name()) + ",\"kind\":" + Json.quote(p.kind().name())
                + ",\"origins\":[" + origins + "],\"detail\":" + Json.quote(p.detail()) + "}";
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
