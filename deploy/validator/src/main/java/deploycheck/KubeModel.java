package deploycheck;

import com.google.gson.JsonElement;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1DaemonSet;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import java.io.IOException;
import java.util.Map;

/**
 * Validates one object against the Kubernetes API model generated from the official OpenAPI spec
 * (kubernetes-client/java). The generated {@code validateJsonElement} rejects fields that the schema
 * does not define (at every nesting level) and missing required fields; {@link ValueTypes} then
 * checks every value's JSON kind against the model's field types (a string where an integer belongs
 * fails), and {@code fromJson} must succeed.
 */
final class KubeModel {
    private interface Check {
        void run(JsonElement json) throws IOException;
    }

    private static final Map<String, Check> CHECKS = Map.of(
            "v1/ServiceAccount", json -> {
                V1ServiceAccount.validateJsonElement(json);
                types(V1ServiceAccount.class, json);
                V1ServiceAccount.fromJson(json.toString());
            },
            "v1/ConfigMap", json -> {
                V1ConfigMap.validateJsonElement(json);
                types(V1ConfigMap.class, json);
                V1ConfigMap.fromJson(json.toString());
            },
            "v1/Pod", json -> {
                V1Pod.validateJsonElement(json);
                types(V1Pod.class, json);
                V1Pod.fromJson(json.toString());
            },
            "v1/Service", json -> {
                V1Service.validateJsonElement(json);
                types(V1Service.class, json);
                V1Service.fromJson(json.toString());
            },
            "apps/v1/DaemonSet", json -> {
                V1DaemonSet.validateJsonElement(json);
                types(V1DaemonSet.class, json);
                V1DaemonSet.fromJson(json.toString());
            });

    private static void types(Class<?> model, JsonElement json) {
        var problems = ValueTypes.problems(model, json);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    private KubeModel() {}

    /** Returns null when valid, else the reason. */
    static String problem(JsonElement json) {
        if (!json.isJsonObject()) {
            return "document is not a mapping";
        }
        var object = json.getAsJsonObject();
        String key = text(object.get("apiVersion")) + "/" + text(object.get("kind"));
        Check check = CHECKS.get(key);
        if (check == null && key.startsWith("monitoring.coreos.com/v1/")) {
            return MonitoringObjects.problem(object); // CRDs: no model in client-java
        }
        if (check == null) {
            return "unsupported apiVersion/kind " + key + " (extend KubeModel)";
        }
        try {
            check.run(json);
            return null;
        } catch (IOException | RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            int cut = message.indexOf(" JSON: ") > 0 ? message.indexOf(" JSON: ") : message.indexOf(" in the JSON string: {");
            return key + ": " + (cut > 0 ? message.substring(0, cut) : message);
        }
    }

    static String text(JsonElement element) {
        return element == null || element.isJsonNull() ? "" : element.getAsString();
    }
}
