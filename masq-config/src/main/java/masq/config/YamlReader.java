package masq.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.Base64;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * YAML 1.1 text to a tree, like go-yaml v2 behind the originals' {@code yaml.ToJSON}: {@code yes}/{@code on}
 * are booleans, anchors, aliases and {@code <<} merge keys are resolved, timestamps stay strings, and only
 * the first document is read. SnakeYAML's own limits guard against alias bombs; a node budget backs them up.
 */
final class YamlReader {
    /** More nodes than this after alias expansion is refused: a 1 MiB config never needs it. */
    private static final int MAX_NODES = 1_000_000;

    /**
     * The result of reading.
     *
     * @param first          the first document, empty when there is none or it is empty
     * @param moreDocuments  whether further documents follow (they are not used)
     */
    record Result(Optional<JsonNode> first, boolean moreDocuments) {
    }

    /**
     * Reads the first document.
     *
     * @throws YAMLException for a syntax error in the first document
     */
    Result read(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // last one wins, as in JSON
        SafeConstructor constructor = new SafeConstructor(options);
        constructor.setComposer(new Composer(new ParserImpl(new StreamReader(text), options),
                new StringTimestamps(), options));
        if (!constructor.checkData()) {
            return new Result(Optional.empty(), false);
        }
        JsonNode first = toTree(constructor.getData(), new IdentityHashMap<>(), new int[] {0});
        boolean more;
        try {
            more = constructor.checkData();
        } catch (YAMLException e) {
            more = true; // broken content after the first document: ignored, like the originals do
        }
        return new Result(Optional.ofNullable(first).filter(n -> !n.isNull()), more);
    }

    private static JsonNode toTree(Object value, IdentityHashMap<Object, Boolean> path, int[] count) {
        if (++count[0] > MAX_NODES) {
            throw new YAMLException("more than " + MAX_NODES + " values after expanding aliases");
        }
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
            if (path.put(value, Boolean.TRUE) != null) {
                throw new YAMLException("an alias refers to a node that contains it (recursive structure)");
            }
            JsonNode node;
            if (value instanceof Map<?, ?> map) {
                ObjectNode object = f.objectNode();
                map.forEach((k, v) -> object.set(String.valueOf(k), toTree(v, path, count)));
                node = object;
            } else {
                ArrayNode array = f.arrayNode();
                ((Collection<?>) value).forEach(v -> array.add(toTree(v, path, count)));
                node = array;
            }
            path.remove(value);
            return node;
        }
        return switch (value) {
            case null -> f.nullNode();
            case String s -> f.textNode(s);
            case Boolean b -> f.booleanNode(b);
            case Integer i -> f.numberNode(i);
            case Long l -> f.numberNode(l);
            case BigInteger b -> f.numberNode(b);
            case Double d -> f.numberNode(d);
            case byte[] bytes -> f.textNode(Base64.getEncoder().encodeToString(bytes));
            default -> f.textNode(String.valueOf(value));
        };
    }

    /** The YAML 1.1 resolver, except that timestamps stay strings (go-yaml v2 does the same for JSON). */
    private static final class StringTimestamps extends Resolver {
        @Override
        public Tag resolve(NodeId kind, String value, boolean implicit) {
            Tag tag = super.resolve(kind, value, implicit);
            return Tag.TIMESTAMP.equals(tag) && implicit ? Tag.STR : tag;
        }
    }
}
