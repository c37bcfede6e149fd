package deploycheck;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Prometheus Operator's objects the chart renders (ServiceMonitor, PodMonitor, PrometheusRule,
 * monitoring.coreos.com/v1). client-java has no model for these CRDs, so this checks the fields the chart
 * uses against the operator's v1 API (field names as in its CRDs; unknown ones rejected, as the API server
 * does with its structural schema) and the required ones.
 */
final class MonitoringObjects {
    private static final Set<String> TOP = Set.of("apiVersion", "kind", "metadata", "spec");
    private static final Set<String> METADATA = Set.of("name", "namespace", "labels", "annotations");
    private static final Set<String> SELECTOR = Set.of("matchLabels", "matchExpressions");
    private static final Set<String> NAMESPACE_SELECTOR = Set.of("any", "matchNames");
    private static final Set<String> ENDPOINT = Set.of("port", "targetPort", "path", "scheme", "interval",
            "scrapeTimeout", "honorLabels", "relabelings", "metricRelabelings", "params", "tlsConfig");
    private static final Set<String> RELABELING = Set.of("sourceLabels", "separator", "targetLabel", "regex",
            "modulus", "replacement", "action");
    private static final Set<String> GROUP = Set.of("name", "interval", "rules", "limit", "partial_response_strategy");
    private static final Set<String> RULE = Set.of("alert", "record", "expr", "for", "keep_firing_for", "labels", "annotations");
    private static final Map<String, Set<String>> SPEC = Map.of(
            "ServiceMonitor", Set.of("selector", "namespaceSelector", "endpoints", "jobLabel", "targetLabels", "podTargetLabels"),
            "PodMonitor", Set.of("selector", "namespaceSelector", "podMetricsEndpoints", "jobLabel", "podTargetLabels"),
            "PrometheusRule", Set.of("groups"));

    private MonitoringObjects() {}

    /** Null when valid, else the reasons. */
    static String problem(JsonObject object) {
        List<String> problems = new ArrayList<>();
        String kind = KubeModel.text(object.get("kind"));
        Set<String> spec = SPEC.get(kind);
        if (spec == null) {
            return "unsupported kind monitoring.coreos.com/v1/" + kind;
        }
        fields(problems, kind, object, TOP, Set.of("metadata", "spec"));
        fields(problems, "metadata", object.get("metadata"), METADATA, Set.of("name"));
        JsonElement s = object.get("spec");
        fields(problems, "spec", s, spec, kind.equals("PrometheusRule") ? Set.of("groups") : Set.of("selector"));
        if (!kind.equals("PrometheusRule")) {
            fields(problems, "spec.selector", DaemonSetPolicy.at(s, "selector"), SELECTOR, Set.of());
            if (s.getAsJsonObject().has("namespaceSelector")) {
                fields(problems, "spec.namespaceSelector", DaemonSetPolicy.at(s, "namespaceSelector"), NAMESPACE_SELECTOR, Set.of());
            }
            String list = kind.equals("ServiceMonitor") ? "endpoints" : "podMetricsEndpoints";
            items(problems, "spec." + list, DaemonSetPolicy.at(s, list), ENDPOINT, Set.of("port"), RELABELING);
        } else {
            JsonElement groups = DaemonSetPolicy.at(s, "groups");
            if (groups == null || !groups.isJsonArray()) {
                problems.add("spec.groups: a list is required");
            } else {
                for (JsonElement group : groups.getAsJsonArray()) {
                    fields(problems, "spec.groups[]", group, GROUP, Set.of("name", "rules"));
                    items(problems, "spec.groups[].rules", DaemonSetPolicy.at(group, "rules"), RULE, Set.of("expr"), null);
                }
            }
        }
        return problems.isEmpty() ? null : "monitoring.coreos.com/v1/" + kind + ": " + String.join("; ", problems);
    }

    private static void items(List<String> problems, String where, JsonElement list, Set<String> allowed,
                              Set<String> required, Set<String> relabeling) {
        if (list == null || !list.isJsonArray() || list.getAsJsonArray().isEmpty()) {
            problems.add(where + ": a non-empty list is required");
            return;
        }
        for (JsonElement item : list.getAsJsonArray()) {
            fields(problems, where + "[]", item, allowed, required);
            JsonElement relabelings = DaemonSetPolicy.at(item, "relabelings");
            if (relabeling != null && relabelings != null) {
                relabelings.getAsJsonArray().forEach(r -> fields(problems, where + "[].relabelings[]", r, relabeling, Set.of()));
            }
        }
    }

    private static void fields(List<String> problems, String where, JsonElement element, Set<String> allowed, Set<String> required) {
        if (element == null || !element.isJsonObject()) {
            problems.add(where + ": a mapping is required");
            return;
        }
        JsonObject object = element.getAsJsonObject();
        object.keySet().stream().filter(k -> !allowed.contains(k)).forEach(k -> problems.add(where + ": unknown field " + k));
        required.stream().filter(k -> !object.has(k)).forEach(k -> problems.add(where + ": missing required field " + k));
    }
}
