package masq.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * {@link PlainYaml}'s nodes straight to the JSON tree, exactly as SnakeYAML's constructor followed by
 * {@link YamlReader}'s conversion would build it, without building the Java collections in between: at
 * 10 000 CIDRs that construction was a third of the parse. A string scalar (every CIDR: a plain scalar with
 * a {@code /} resolves to {@code str}) becomes a text node directly; any other scalar is constructed by
 * SnakeYAML and converted as before. Mapping keys are deduplicated as SnakeYAML does it (by the constructed
 * key, the last one kept at its own place). Values are counted as the conversion counts them.
 * PlainYamlTest compares this path with SnakeYAML's on thousands of documents.
 */
final class PlainTree {
    private final Function<ScalarNode, Object> construct;
    private final int budget;
    private int count;

    private PlainTree(Function<ScalarNode, Object> construct, int budget) {
        this.construct = construct;
        this.budget = budget;
    }

    /**
     * @param construct     SnakeYAML's construction of one scalar (with the agent's resolver and constructors)
     * @param shortBooleans receives the top-level keys whose value is a plain y/Y/n/N, to the text written
     */
    static YamlReader.Result read(MappingNode root, Function<ScalarNode, Object> construct, int budget,
            Tag shortBool, Map<String, String> shortBooleans) {
        PlainTree t = new PlainTree(construct, budget);
        JsonNode tree = t.tree(root, shortBool, shortBooleans);
        return new YamlReader.Result(java.util.Optional.of(tree), false, t.count, shortBooleans);
    }

    private JsonNode tree(Node node, Tag shortBool, Map<String, String> shortBooleans) {
        if (++count > budget) {
            throw new DocumentParser.TooManyValues("after expanding aliases");
        }
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (node) {
            case MappingNode m -> {
                Map<Object, Node> entries = new LinkedHashMap<>();
                for (NodeTuple tuple : m.getValue()) {
                    Object key = value((ScalarNode) tuple.getKeyNode());
                    entries.remove(key); // SnakeYAML drops the earlier of two equal keys
                    entries.put(key, tuple.getValueNode());
                }
                ObjectNode object = f.objectNode();
                entries.forEach((key, value) -> {
                    count++; // the key
                    if (shortBooleans != null && value instanceof ScalarNode s && s.getTag().equals(shortBool)) {
                        shortBooleans.put(String.valueOf(key), s.getValue());
                    }
                    object.set(String.valueOf(key), tree(value, shortBool, null));
                });
                yield object;
            }
            case SequenceNode s -> {
                ArrayNode array = f.arrayNode(s.getValue().size());
                for (Node item : s.getValue()) {
                    array.add(tree(item, shortBool, null));
                }
                yield array;
            }
            case ScalarNode s -> s.getTag().equals(Tag.STR) ? f.textNode(s.getValue()) : YamlReader.scalar(construct.apply(s));
            default -> throw new IllegalStateException("not a node PlainYaml builds: " + node.getNodeId());
        };
    }

    private Object value(ScalarNode s) {
        return s.getTag().equals(Tag.STR) ? s.getValue() : construct.apply(s);
    }
}
