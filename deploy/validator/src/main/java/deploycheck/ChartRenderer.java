package deploycheck;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs the real Helm engine (Helm's Go library, shipped for linux-amd64 in helm-java's Maven Central
 * jar and called through JNA) on the chart: {@code helm lint --strict} and {@code helm template}.
 */
final class ChartRenderer {
    private final Path chart;

    ChartRenderer(Path chart) {
        this.chart = chart;
    }

    /** {@code helm template ip-masq-agent CHART -n kube-system --kube-version 1.35.0 [-f values...] [--set k=v...]}. */
    String render(List<Path> valuesFiles, Map<String, String> sets) {
        var command = new Helm(chart).template().withName("ip-masq-agent").withNamespace("kube-system")
                .withKubeVersion(HelmTemplate.DEFAULT_KUBE_VERSION); // the API version of the model (client-java 27)
        valuesFiles.forEach(command::withValuesFile);
        sets.forEach(command::set);
        return command.call();
    }

    /** Lint messages; empty when the chart passes {@code helm lint --strict}. */
    List<String> lint() {
        LintResult result = new Helm(chart).lint().strict().call();
        return result.isFailed() ? result.getMessages() : List.of();
    }
}
