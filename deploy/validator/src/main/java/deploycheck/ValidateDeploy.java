package deploycheck;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Validates everything under deploy/: every manifest and the Helm chart's rendered output against the
 * Kubernetes API model with unknown fields rejected, the pod-spec policy, that the chart's default
 * render equals deploy/ip-masq-agent.yaml, and that known-bad variants ARE rejected (so the checks can
 * fail). Usage: {@code ValidateDeploy <repository root>}; exit 0 = all good.
 */
public final class ValidateDeploy {
    private final Path deploy;
    private final List<String> failures = new ArrayList<>();
    private int passed;

    private ValidateDeploy(Path root) {
        this.deploy = root.resolve("deploy");
    }

    public static void main(String[] args) throws IOException {
        ValidateDeploy run = new ValidateDeploy(Path.of(args.length > 0 ? args[0] : "."));
        run.manifests();
        run.chart();
        run.monitoring();
        run.negatives();
        run.failures.forEach(f -> System.out.println("FAIL " + f));
        System.out.println("manifests: " + run.passed + " passed, " + run.failures.size() + " failed");
        System.exit(run.failures.isEmpty() ? 0 : 1);
    }

    private void manifests() throws IOException {
        List<Path> files = new ArrayList<>(List.of(deploy.resolve("ip-masq-agent.yaml")));
        try (Stream<Path> examples = Files.list(deploy.resolve("examples"))) {
            examples.filter(p -> p.getFileName().toString().startsWith("configmap-")).sorted().forEach(files::add);
        }
        for (Path file : files) {
            check(file.toString(), Files.readString(file));
        }
    }

    private void chart() throws IOException {
        ChartRenderer helm = new ChartRenderer(deploy.resolve("helm/ip-masq-agent"));
        record("helm lint --strict", helm.lint().isEmpty() ? null : String.join("; ", helm.lint()));

        String defaults = helm.render(List.of(), Map.of());
        check("helm template (defaults)", defaults);
        record("helm template (defaults) equals deploy/ip-masq-agent.yaml",
                YamlDocuments.parse(defaults).equals(YamlDocuments.parse(Files.readString(deploy.resolve("ip-masq-agent.yaml"))))
                        ? null : "rendered objects differ from deploy/ip-masq-agent.yaml:\n" + defaults);

        String aks = helm.render(List.of(deploy.resolve("examples/values-aks.yaml")), Map.of());
        check("helm template -f values-aks.yaml", aks);
        record("values-aks.yaml projects azure-ip-masq-agent-config",
                aks.contains("name: azure-ip-masq-agent-config\n") ? null : "user ConfigMap name not applied");

        // The original example's config text as chart values: the rendered ConfigMap must carry the same.
        JsonObject original = YamlDocuments.parse(Files.readString(deploy.resolve("examples/configmap-original.yaml")))
                .getFirst().getAsJsonObject();
        String configText = original.getAsJsonObject("data").get("config").getAsString();
        Path values = Files.createTempFile("values-config", ".yaml");
        try {
            Files.writeString(values, "config:\n" + configText.indent(2));
            String custom = helm.render(List.of(values), Map.of("backend", "nftables",
                    "extraArgs[0]", "--masq-chain=IP-MASQ", "extraArgs[1]", "--v=2", "healthBindAddress", ""));
            check("helm template (config, nftables, extraArgs, no health)", custom);
            JsonElement renderedConfig = YamlDocuments.parse(custom).stream()
                    .filter(d -> "ConfigMap".equals(KubeModel.text(d.getAsJsonObject().get("kind"))))
                    .map(d -> YamlDocuments.parseOne(d.getAsJsonObject().getAsJsonObject("data").get("config").getAsString()))
                    .findFirst().orElse(null);
            record("chart config value renders the original example's config",
                    YamlDocuments.parseOne(configText).equals(renderedConfig) ? null : "got " + renderedConfig);
            record("chart flags rendered", custom.contains("- --backend=nftables\n") && custom.contains("add: [\"NET_ADMIN\"]\n") && custom.contains("- \"--masq-chain=IP-MASQ\"\n")
                    && !custom.contains("health-bind-address") && !custom.contains("livenessProbe")
                    ? null : "backend/extraArgs/healthBindAddress not applied:\n" + custom);
        } finally {
            Files.delete(values);
        }
    }

    /** The chart with every monitoring option: objects valid, wired to each other, alerts and dashboard as tested. */
    private void monitoring() throws IOException {
        ChartRenderer helm = new ChartRenderer(deploy.resolve("helm/ip-masq-agent"));
        Map<String, String> all = Map.of("backend", "nftables", "metrics.expose", "true", "metrics.service.enabled", "true",
                "metrics.serviceMonitor.enabled", "true", "metrics.podMonitor.enabled", "true",
                "prometheusRule.enabled", "true", "grafanaDashboard.enabled", "true");
        String rendered = helm.render(List.of(), all);
        check("helm template (metrics exposed, Service, ServiceMonitor, PodMonitor, PrometheusRule, dashboard)", rendered);
        Map<String, JsonObject> byKind = new java.util.HashMap<>();
        YamlDocuments.parse(rendered).forEach(d -> byKind.put(KubeModel.text(d.getAsJsonObject().get("kind")), d.getAsJsonObject()));
        record("monitoring objects rendered", byKind.keySet().containsAll(List.of("DaemonSet", "Service", "ServiceMonitor",
                "PodMonitor", "PrometheusRule", "ConfigMap")) ? null : "got " + byKind.keySet());
        if (!byKind.keySet().containsAll(List.of("DaemonSet", "Service", "ServiceMonitor", "PodMonitor", "PrometheusRule", "ConfigMap"))) {
            return;
        }
        record("metrics bound to the node's address from the downward API, port named metrics, no xtables lock for nftables",
                rendered.contains("- --metrics-bind-address=$(NODE_IP):10267\n") && rendered.contains("fieldPath: status.hostIP\n")
                        && rendered.contains("- name: metrics\n              containerPort: 10267\n") && !rendered.contains("name: xtables-lock")
                        ? null : "got:\n" + rendered);
        JsonElement podLabels = DaemonSetPolicy.at(byKind.get("DaemonSet"), "spec", "template", "metadata", "labels");
        JsonObject serviceLabels = byKind.get("Service").getAsJsonObject("metadata").getAsJsonObject("labels");
        record("Service selects the agents, ServiceMonitor the Service, PodMonitor the agents",
                subset(DaemonSetPolicy.at(byKind.get("Service"), "spec", "selector"), podLabels)
                        && subset(DaemonSetPolicy.at(byKind.get("ServiceMonitor"), "spec", "selector", "matchLabels"), serviceLabels)
                        && subset(DaemonSetPolicy.at(byKind.get("PodMonitor"), "spec", "selector", "matchLabels"), podLabels)
                        ? null : "selectors do not match the labels");
        JsonElement rules = YamlDocuments.parseOne(Files.readString(deploy.resolve("helm/ip-masq-agent/files/prometheus-rules.yaml")));
        record("PrometheusRule carries files/prometheus-rules.yaml unchanged",
                rules.equals(byKind.get("PrometheusRule").get("spec")) ? null : "got " + byKind.get("PrometheusRule").get("spec"));
        JsonElement dashboard = com.google.gson.JsonParser.parseString(Files.readString(deploy.resolve("helm/ip-masq-agent/files/grafana-dashboard.json")));
        JsonElement shipped = com.google.gson.JsonParser.parseString(
                byKind.get("ConfigMap").getAsJsonObject("data").get("ip-masq-agent.json").getAsString());
        record("dashboard ConfigMap carries files/grafana-dashboard.json", dashboard.equals(shipped) ? null : "differs");
        for (var bad : Map.of("ServiceMonitor without the Service", Map.of("metrics.serviceMonitor.enabled", "true"),
                "Service while /metrics is on the loopback", Map.of("metrics.service.enabled", "true"),
                "PodMonitor while /metrics is on the loopback", Map.of("metrics.podMonitor.enabled", "true")).entrySet()) {
            String failure = null;
            try {
                helm.render(List.of(), bad.getValue());
                failure = "rendered";
            } catch (RuntimeException expected) {
                // helm template failed, as it must
            }
            record("chart refuses " + bad.getKey(), failure);
        }
        for (List<String> command : List.of(List.of("check", "rules", "../helm/ip-masq-agent/files/prometheus-rules.yaml"),
                List.of("test", "rules", "rules-test.yaml"))) {
            record("promtool " + String.join(" ", command), Promtool.run(deploy.resolve("prometheus"), command));
        }
    }

    private static boolean subset(JsonElement selector, JsonElement labels) {
        return selector != null && labels != null && selector.getAsJsonObject().entrySet().stream()
                .allMatch(e -> e.getValue().equals(labels.getAsJsonObject().get(e.getKey())));
    }

    /** Known-bad variants of the DaemonSet: each must be rejected, or the checks prove nothing. */
    private void negatives() throws IOException {
        String good = Files.readString(deploy.resolve("ip-masq-agent.yaml"));
        Map<String, String[]> mutations = Map.of(
                "misspelt field", new String[] {"hostNetwork: true", "hostNetwrok: true"},
                "decimal mode 444 (= octal 0674)", new String[] {"defaultMode: 0444", "defaultMode: 444"},
                "mode as a string", new String[] {"defaultMode: 0444", "defaultMode: \"0444\""},
                "request as a boolean", new String[] {"cpu: 10m", "cpu: true"},
                "container without a name", new String[] {"- name: ip-masq-agent\n          image:", "- image:"},
                "extra capability", new String[] {"add: [\"NET_ADMIN\", \"NET_RAW\"]", "add: [\"NET_ADMIN\", \"NET_RAW\", \"SYS_ADMIN\"]"},
                "NET_RAW with the nftables backend", new String[] {"--backend=iptables", "--backend=nftables"},
                "no seccomp profile", new String[] {"type: RuntimeDefault", "type: Unconfined"},
                "metrics on every address of the node", new String[] {"- --health-bind-address=127.0.0.1:10266",
                        "- --health-bind-address=127.0.0.1:10266\n            - --metrics-bind-address=:10267"});
        mutations.forEach((what, edit) -> {
            String bad = good.replace(edit[0], edit[1]);
            List<String> found = bad.equals(good) ? List.of() : problems(bad);
            record("rejects " + what + (found.isEmpty() ? "" : " (" + found.getFirst() + ")"),
                    found.isEmpty() ? "was accepted" : null);
        });
        Path fixture = deploy.resolve("validator/src/test/resources/azure-v2-projected-volume.yaml");
        List<String> azure = problems(Files.readString(fixture));
        record("rejects Azure v2's mis-indented projected volume" + (azure.isEmpty() ? "" : " (" + azure.getFirst() + ")"),
                azure.stream().anyMatch(p -> p.contains("not defined in the `V1VolumeProjection`")) ? null : "got " + azure);
    }

    private void check(String source, String yaml) {
        List<String> problems = problems(yaml);
        record(source, problems.isEmpty() ? null : String.join("\n  ", problems));
    }

    private static List<String> problems(String yaml) {
        List<String> problems = new ArrayList<>();
        try {
            for (JsonElement document : YamlDocuments.parse(yaml)) {
                String problem = KubeModel.problem(document);
                if (problem != null) {
                    problems.add(problem);
                } else {
                    String kind = KubeModel.text(document.getAsJsonObject().get("kind"));
                    if (kind.equals("DaemonSet") || kind.equals("Pod")) {
                        DaemonSetPolicy.problems(document.getAsJsonObject()).forEach(p -> problems.add(kind + " policy: " + p));
                    }
                }
            }
        } catch (RuntimeException e) {
            problems.add("cannot parse: " + e.getMessage());
        }
        return problems;
    }

    private void record(String what, String problem) {
        if (problem == null) {
            passed++;
            System.out.println("ok   " + what);
        } else {
            failures.add(what + ": " + problem);
        }
    }
}
