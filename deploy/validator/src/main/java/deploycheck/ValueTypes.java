package deploycheck;

import com.google.gson.JsonElement;
import com.google.gson.annotations.SerializedName;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.custom.Quantity;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks JSON value kinds against the field types of the generated model, as the API server does:
 * Gson alone would coerce {@code "0444"} into the integer 444 and {@code 1} into the string "1".
 */
final class ValueTypes {
    private ValueTypes() {}

    static List<String> problems(Class<?> type, JsonElement json) {
        List<String> problems = new ArrayList<>();
        walk(type, json, "", problems);
        return problems;
    }

    private static void walk(Type type, JsonElement json, String path, List<String> problems) {
        if (json == null || json.isJsonNull()) {
            return;
        }
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (raw == String.class || raw == java.time.OffsetDateTime.class) {
            need(json.isJsonPrimitive() && json.getAsJsonPrimitive().isString(), "a string", json, path, problems);
        } else if (Number.class.isAssignableFrom(raw)) {
            need(json.isJsonPrimitive() && json.getAsJsonPrimitive().isNumber(), "a number", json, path, problems);
        } else if (raw == Boolean.class) {
            need(json.isJsonPrimitive() && json.getAsJsonPrimitive().isBoolean(), "a boolean", json, path, problems);
        } else if (raw == IntOrString.class || raw == Quantity.class) {
            need(json.isJsonPrimitive() && !json.getAsJsonPrimitive().isBoolean(), "a string or number", json, path, problems);
        } else if (List.class.isAssignableFrom(raw) && type instanceof ParameterizedType p) {
            if (need(json.isJsonArray(), "a list", json, path, problems)) {
                int i = 0;
                for (JsonElement element : json.getAsJsonArray()) {
                    walk(p.getActualTypeArguments()[0], element, path + "[" + i++ + "]", problems);
                }
            }
        } else if (Map.class.isAssignableFrom(raw) && type instanceof ParameterizedType p) {
            if (need(json.isJsonObject(), "a mapping", json, path, problems)) {
                json.getAsJsonObject().entrySet().forEach(
                        e -> walk(p.getActualTypeArguments()[1], e.getValue(), path + "." + e.getKey(), problems));
            }
        } else if (raw.getPackageName().startsWith("io.kubernetes.client.openapi.models")) {
            if (need(json.isJsonObject(), "a mapping", json, path, problems)) {
                for (Field field : raw.getDeclaredFields()) {
                    SerializedName name = field.getAnnotation(SerializedName.class);
                    if (name != null && json.getAsJsonObject().has(name.value())) {
                        walk(field.getGenericType(), json.getAsJsonObject().get(name.value()),
                                path + "." + name.value(), problems);
                    }
                }
            }
        }
    }

    private static boolean need(boolean ok, String what, JsonElement json, String path, List<String> problems) {
        if (!ok) {
            problems.add((path.isEmpty() ? "." : path) + " must be " + what + ", got " + json);
        }
        return ok;
    }
}
