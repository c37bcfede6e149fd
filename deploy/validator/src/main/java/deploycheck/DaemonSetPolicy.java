package deploycheck;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The project's rules for the agent's pod spec, beyond the schema: what a node agent that edits the
 * node's NAT table must and must not have (issue "Ship it"). Works on a DaemonSet or a Pod.
 */
final class DaemonSetPolicy {
    private static final int MODE_0444 = 0444; // 292: YAML 1.1 reads "0444" as octal

    private DaemonSetPolicy() {}

    static List<String> problems(JsonObject object) {
        List<String> problems = new ArrayList<>();
        JsonObject pod = "Pod".equals(KubeModel.text(object.get("kind")))
                ? object.getAsJsonObject("spec")
                : at(object, "spec", "template", "spec").getAsJsonObject();
        expect(problems, pod.get("hostNetwork"), "true", "hostNetwork");
        expect(problems, pod.get("automountServiceAccountToken"), "false", "automountServiceAccountToken");
        expect(problems, pod.get("enableServiceLinks"), "false", "enableServiceLinks");
        // Pod Security "restricted" asks for a seccomp profile; the runtime's default fits the agent.
        expect(problems, at(pod, "securityContext", "seccompProfile", "type"), "RuntimeDefault",
                "securityContext.seccompProfile.type");
        if ("DaemonSet".equals(KubeModel.text(object.get("kind")))) {
            expect(problems, pod.get("priorityClassName"), "system-node-critical", "priorityClassName");
            String tolerations = String.valueOf(pod.get("tolerations"));
            for (String needed : List.of("{\"effect\":\"NoSchedule\",\"operator\":\"Exists\"}",
                    "{\"effect\":\"NoExecute\",\"operator\":\"Exists\"}",
                    "{\"key\":\"CriticalAddonsOnly\",\"operator\":\"Exists\"}")) {
                if (!tolerations.contains(needed)) {
                    problems.add("toleration missing: " + needed);
                }
            }
        }
        JsonObject container = pod.getAsJsonArray("containers").get(0).getAsJsonObject();
        JsonObject security = container.getAsJsonObject("securityContext");
        expect(problems, at(security, "capabilities", "drop"), "[\"ALL\"]", "capabilities.drop");
        // iptables-legacy needs NET_RAW (raw socket); every other backend NET_ADMIN alone.
        String args = String.valueOf(container.get("args"));
        boolean legacy = args.contains("\"--backend=iptables\"") || args.contains("\"--backend=iptables-legacy\"");
        expect(problems, at(security, "capabilities", "add"),
                legacy ? "[\"NET_ADMIN\",\"NET_RAW\"]" : "[\"NET_ADMIN\"]", "capabilities.add");
        expect(problems, security.get("readOnlyRootFilesystem"), "true", "readOnlyRootFilesystem");
        expect(problems, security.get("allowPrivilegeEscalation"), "false", "allowPrivilegeEscalation");
        expect(problems, security.get("runAsUser"), "0", "runAsUser");
        if (at(container, "resources", "requests") == null || at(container, "resources", "limits") == null) {
            problems.add("resources.requests and resources.limits are required");
        }
        boolean health = args.contains("--health-bind-address=");
        // /metrics describes the node's firewall: never on every address of a hostNetwork pod.
        java.util.regex.Matcher metrics = java.util.regex.Pattern.compile("\"--metrics-bind-address=([^\"]*):\\d+\"").matcher(args);
        if (metrics.find() && List.of("", "0.0.0.0", "[::]").contains(metrics.group(1))) {
            problems.add("--metrics-bind-address binds every address of the node: " + metrics.group());
        }
        if (health) {
            expect(problems, at(container, "livenessProbe", "httpGet", "path"), "/healthz", "livenessProbe");
            expect(problems, at(container, "readinessProbe", "httpGet", "path"), "/readyz", "readinessProbe");
        }
        boolean iptables = legacy || args.contains("\"--backend=iptables-nft\"");
        checkVolumes(problems, pod, container, iptables);
        return problems;
    }

    private static void checkVolumes(List<String> problems, JsonObject pod, JsonObject container, boolean iptables) {
        String mounts = String.valueOf(container.get("volumeMounts"));
        boolean lock = false;
        boolean config = false;
        for (JsonElement volume : pod.getAsJsonArray("volumes")) {
            JsonObject v = volume.getAsJsonObject();
            if (v.has("hostPath") && "/run/xtables.lock".equals(KubeModel.text(at(v, "hostPath", "path")))) {
                expect(problems, at(v, "hostPath", "type"), "FileOrCreate", "xtables lock hostPath type");
                lock = mounts.contains("\"mountPath\":\"/run/xtables.lock\"");
            }
            if (v.has("projected")) {
                config = mounts.contains("\"mountPath\":\"/etc/config\"");
                expect(problems, at(v, "projected", "defaultMode"), String.valueOf(MODE_0444), "projected.defaultMode");
                JsonArray sources = at(v, "projected", "sources").getAsJsonArray();
                if (sources.size() != 2) {
                    problems.add("projected volume must have 2 ConfigMap sources, has " + sources.size());
                }
                for (JsonElement source : sources) {
                    JsonElement configMap = source.getAsJsonObject().get("configMap");
                    if (configMap == null) {
                        problems.add("projected source is not a configMap: " + source);
                        continue;
                    }
                    expect(problems, configMap.getAsJsonObject().get("optional"), "true", "configMap.optional");
                    for (JsonElement item : configMap.getAsJsonObject().getAsJsonArray("items")) {
                        expect(problems, item.getAsJsonObject().get("mode"), String.valueOf(MODE_0444), "item mode");
                    }
                }
            }
        }
        if (!lock && iptables) {
            problems.add("host /run/xtables.lock is not mounted at /run/xtables.lock (an iptables backend)");
        }
        if (!config) {
            problems.add("no projected ConfigMap volume mounted at /etc/config");
        }
    }

    private static void expect(List<String> problems, JsonElement actual, String wanted, String what) {
        String text = actual == null ? "<missing>" : actual.isJsonPrimitive() ? actual.getAsString() : actual.toString();
        if (!wanted.equals(text)) {
            problems.add(what + ": expected " + wanted + ", got " + text);
        }
    }

    static JsonElement at(JsonElement root, String... path) {
        JsonElement current = root;
        for (String step : path) {
            if (current == null || !current.isJsonObject()) {
                return null;
            }
            current = current.getAsJsonObject().get(step);
        }
        return current;
    }
}
