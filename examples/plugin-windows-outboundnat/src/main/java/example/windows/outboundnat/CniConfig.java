package example.windows.outboundnat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Pure: one parsed CNI config file and the place of its OutBoundNAT exception list. Rewriting keeps every
 * other member, the key order and the file's {@link JsonStyle}, so a file already in that style changes
 * only inside the list.
 *
 * <p>The list is found anywhere in the document (a flannel {@code delegate}, a {@code .conflist}'s
 * {@code plugins}) as an entry of a {@code policies} or {@code AdditionalArgs} array whose
 * {@code name}/{@code Name} is {@code EndpointPolicy} and whose {@code value}/{@code Value} has
 * {@code Type} {@code OutBoundNAT}. Inside that value it is
 * <ul>
 *   <li>{@code Settings.Exceptions} when the value has {@code Settings}, in the {@code AdditionalArgs} form,
 *       or when the config declares {@code apiVersion} 2 (HNS v2 schema, win-bridge sample-v2);</li>
 *   <li>otherwise {@code ExceptionList} (HNS v1 schema, win-bridge sample-v1).</li>
 * </ul>
 * Exactly one such policy must exist: the backend never adds an OutBoundNAT policy (that would turn NAT
 * on for a network that has none) and refuses to guess between two.
 */
final class CniConfig {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION) // a duplicate key would be lost on rewrite
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS) // keep 1.10 as written, not 1.1
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    /** Notepad and PowerShell 5 write UTF-8 with a byte order mark; Jackson does not accept it in a String. */
    private static final String BOM = "\uFEFF";

    private final String name;
    private final boolean bom;
    private final JsonStyle style;
    private final JsonNode root;
    private final ObjectNode holder;
    private final String field;
    private final String pointer;

    private CniConfig(String name, boolean bom, JsonStyle style, JsonNode root, ObjectNode holder, String field,
                      String pointer) {
        this.name = name;
        this.bom = bom;
        this.style = style;
        this.root = root;
        this.holder = holder;
        this.field = field;
        this.pointer = pointer;
    }

    /**
     * Parses {@code text} and finds the list.
     *
     * @param name the file name, for messages
     * @throws CniConfigException naming the file and, where one applies, the JSON pointer of the field
     */
    static CniConfig parse(String name, String original) throws CniConfigException {
        boolean bom = original.startsWith(BOM);
        String text = bom ? original.substring(1) : original;
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new CniConfigException(name + ": not valid JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        }
        if (root == null || !root.isObject()) {
            throw new CniConfigException(name + ": a CNI config must be a JSON object");
        }
        List<Target> found = new ArrayList<>();
        find(root, "", false, found);
        if (found.isEmpty()) {
            throw new CniConfigException(name + ": no OutBoundNAT endpoint policy (an entry of \"policies\" or"
                    + " \"AdditionalArgs\" named EndpointPolicy with Type OutBoundNAT); this backend only maintains"
                    + " the exception list of an existing policy");
        }
        if (found.size() > 1) {
            throw new CniConfigException(name + ": " + found.size() + " OutBoundNAT endpoint policies ("
                    + found.stream().map(Target::pointer).toList() + "); expected exactly one");
        }
        Target t = found.get(0);
        JsonNode list = t.holder().get(t.field());
        String pointer = t.pointer() + "/" + t.field();
        if (list != null && !(list.isArray() && allStrings(list))) {
            throw new CniConfigException(name + ": " + pointer + " must be an array of CIDR strings, found " + list);
        }
        return new CniConfig(name, bom, JsonStyle.detect(text), root, t.holder(), t.field(), pointer);
    }

    private record Target(ObjectNode holder, String field, String pointer) {
    }

    private static void find(JsonNode node, String path, boolean v2, List<Target> out) {
        if (node.isObject()) {
            boolean v2here = v2 || node.path("apiVersion").asInt(0) == 2;
            for (var it = node.properties().iterator(); it.hasNext(); ) {
                var e = it.next();
                String childPath = path + "/" + e.getKey().replace("~", "~0").replace("/", "~1");
                boolean policyArray = e.getKey().equals("policies") || e.getKey().equals("AdditionalArgs");
                if (policyArray && e.getValue().isArray()) {
                    collect((ArrayNode) e.getValue(), childPath, v2here || e.getKey().equals("AdditionalArgs"), out);
                }
                find(e.getValue(), childPath, v2here, out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                find(node.get(i), path + "/" + i, v2, out);
            }
        }
    }

    private static void collect(ArrayNode policies, String path, boolean v2, List<Target> out) {
        for (int i = 0; i < policies.size(); i++) {
            JsonNode entry = policies.get(i);
            String key = entry.has("value") ? "value" : "Value";
            JsonNode name = entry.has("name") ? entry.get("name") : entry.get("Name");
            JsonNode value = entry.get(key);
            if (name == null || !name.asText().equalsIgnoreCase("EndpointPolicy") || value == null || !value.isObject()
                    || !value.path("Type").asText().equalsIgnoreCase("OutBoundNAT")) {
                continue;
            }
            String valuePath = path + "/" + i + "/" + key;
            ObjectNode v = (ObjectNode) value;
            if (v.get("Settings") instanceof ObjectNode settings) {
                out.add(new Target(settings, "Exceptions", valuePath + "/Settings"));
            } else if (v2 && !v.has("ExceptionList")) {
                out.add(new Target(v.putObject("Settings"), "Exceptions", valuePath + "/Settings"));
            } else {
                out.add(new Target(v, "ExceptionList", valuePath));
            }
        }
    }

    private static boolean allStrings(JsonNode array) {
        for (JsonNode n : array) {
            if (!n.isTextual()) {
                return false;
            }
        }
        return true;
    }

    /** The list as it is in the file ({@code []} when the field is absent). */
    List<String> exceptions() {
        List<String> out = new ArrayList<>();
        JsonNode list = holder.get(field);
        if (list != null) {
            list.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    /** The JSON pointer of the list, e.g. {@code /policies/0/value/ExceptionList}. */
    String pointer() {
        return pointer;
    }

    /** The whole file's text with the list replaced, in the file's own style. Leaves this object unchanged. */
    String withExceptions(List<String> exceptions) {
        JsonNode copy = root.deepCopy();
        ObjectNode h = (ObjectNode) copy.at(pointer.substring(0, pointer.lastIndexOf('/')));
        ArrayNode list = h.putArray(field); // replaces in place: the key keeps its position
        exceptions.forEach(list::add);
        String text;
        try {
            text = MAPPER.writer(new StylePrinter(style)).writeValueAsString(copy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(name + ": cannot write JSON", e); // a tree we parsed always writes
        }
        if (style.finalNewline()) {
            text += "\n";
        }
        if (bom) {
            text = BOM + text;
        }
        return style.newline().equals("\n") ? text : text.replace("\n", style.newline());
    }
}
