package masq.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import masq.api.ConfigProblem;

/**
 * Problems as a JSON array, for {@code check --output=json}: one object per problem with {@code severity},
 * {@code kind}, {@code origins} ({@code file}, {@code field}, {@code value}), {@code detail} and
 * {@code message} (the one-line text). Field names are stable.
 */
public final class ProblemsJson {
    private ProblemsJson() {
    }

    /** A compact JSON array, in the order given. */
    public static String render(List<ConfigProblem> problems) {
        ObjectMapper mapper = JsonMapper.builder().build();
        ArrayNode array = mapper.createArrayNode();
        for (ConfigProblem p : problems) {
            ObjectNode o = array.addObject();
            o.put("severity", p.severity().name());
            o.put("kind", p.kind().name());
            ArrayNode origins = o.putArray("origins");
            for (ConfigProblem.Origin origin : p.origins()) {
                origins.addObject().put("file", origin.file()).put("field", origin.field())
                        .put("value", origin.value());
            }
            o.put("detail", p.detail());
            o.put("message", p.toString());
        }
        try {
            return mapper.writeValueAsString(array);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serialises", e);
        }
    }
}
