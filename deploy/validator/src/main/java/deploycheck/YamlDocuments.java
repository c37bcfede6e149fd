package deploycheck;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Parses a multi-document YAML stream the way kubectl does (YAML 1.1: {@code 0444} is octal 292,
 * duplicate keys rejected) and converts each non-empty document to a Gson tree for the model's
 * validators.
 */
final class YamlDocuments {
    private static final Gson GSON = new Gson();

    private YamlDocuments() {}

    static List<JsonElement> parse(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        List<JsonElement> documents = new ArrayList<>();
        for (Object document : new Yaml(options).loadAll(text)) {
            if (document != null) {
                documents.add(GSON.toJsonTree(document));
            }
        }
        return documents;
    }

    /** One plain value parsed from a YAML string (used to compare ConfigMap payloads). */
    static JsonElement parseOne(String text) {
        List<JsonElement> documents = parse(text);
        return documents.isEmpty() ? null : documents.getFirst();
    }
}
