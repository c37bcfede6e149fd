package masq.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.Base64;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.comments.CommentLine;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * YAML 1.1 text to a tree, like go-yaml v2 behind the originals' {@code yaml.ToJSON}: {@code yes}/{@code on}
 * and, as go-yaml v2 reads them, {@code y}/{@code Y}/{@code n}/{@code N} are booleans, anchors, aliases and {@code <<} merge keys are resolved, timestamps stay strings, and only
 * the first document is read. SnakeYAML's own limits guard against alias bombs of collections; a budget of
 * values bounds the rest: SnakeYAML's node graph (about 230 bytes a node) is refused as it is built, before
 * aliases are expanded, once it passes the budget, and the expanded tree is refused at the same number.
 */
final class YamlReader {
    /**
     * The result of reading.
     *
     * @param first          the first document, empty when there is none or it is empty
     * @param moreDocuments  whether further documents follow (they are not used)
     * @param values         the values in the expanded tree (every key, value and item)
     * @param shortBooleans  top-level keys (as written) whose value was a plain {@code y}, {@code Y}, {@code n} or
     *                       {@code N}, read as a boolean like go-yaml v2 does, to the text written
     */
    record Result(Optional<JsonNode> first, boolean moreDocuments, int values, Map<String, String> shortBooleans) {
    }

    /** go-yaml v2's booleans that SnakeYAML's YAML 1.1 resolver leaves as strings. */
    private static final Tag SHORT_BOOL = new Tag("tag:ip-masq-agent,2025:short-bool");

    /** A {@code y}/{@code n} boolean with its text; as a mapping key it reads "true"/"false", as in go-yaml. */
    private record ShortBoolean(boolean value, String text) {
        @Override
        public String toString() {
            return String.valueOf(value);
        }
    }

    /**
     * Reads the first document.
     *
     * @param budget at most this many values, counted as written and again after expanding aliases
     * @throws YAMLException for a syntax error in the first document
     * @throws DocumentParser.TooManyValues past the budget
     */
    Result read(String text, int budget) {
        return readPlain(text, budget).orElseGet(() -> readWithSnakeYaml(text, budget));
    }

    /**
     * The first document when the text is in {@link PlainYaml}'s subset, read without SnakeYAML's scanner;
     * empty otherwise (SnakeYAML must read it, and its messages name the line and column).
     *
     * @throws DocumentParser.TooManyValues past the budget
     */
    Optional<Result> readPlain(String text, int budget) {
        Resolver resolver = new GoResolver();
        Optional<Node> plain = PlainYaml.compose(text, resolver, budget);
        if (plain.isPresent()) {
            try {
                GoConstructor constructor = new GoConstructor(new LoaderOptions());
                return Optional.of(PlainTree.read((MappingNode) plain.get(), constructor::scalar, budget, SHORT_BOOL,
                        new LinkedHashMap<>()));
            } catch (RuntimeException e) {
                if (e instanceof DocumentParser.TooManyValues) {
                    throw e;
                }
            }
        }
        return Optional.empty();
    }

    /** The whole text through SnakeYAML's scanner, parser and composer. */
    Result readWithSnakeYaml(String text, int budget) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // last one wins, as in JSON
        SafeConstructor constructor = new GoConstructor(options);
        constructor.setComposer(new CountingComposer(
                new ParserImpl(new StreamReader(text), options), new GoResolver(), options, budget));
        if (!constructor.checkData()) {
            return new Result(Optional.empty(), false, 0, Map.of());
        }
        int[] count = {0};
        Object data = constructor.getData();
        Map<String, String> shortBooleans = new LinkedHashMap<>();
        if (data instanceof Map<?, ?> top) {
            top.forEach((k, v) -> {
                if (v instanceof ShortBoolean b) {
                    shortBooleans.put(String.valueOf(k), b.text());
                }
            });
        }
        JsonNode first = toTree(data, new IdentityHashMap<>(), count, budget);
        boolean more;
        try {
            more = constructor.checkData();
        } catch (YAMLException e) {
            more = true; // broken content after the first document: ignored, like the originals do
        }
        return new Result(Optional.ofNullable(first).filter(n -> !n.isNull()), more, count[0], shortBooleans);
    }

    private static JsonNode toTree(Object value, IdentityHashMap<Object, Boolean> path, int[] count, int budget) {
        if (++count[0] > budget) {
            throw new DocumentParser.TooManyValues("after expanding aliases");
        }
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
            if (path.put(value, Boolean.TRUE) != null) {
                throw new YAMLException("an alias refers to a node that contains it (recursive structure)");
            }
            JsonNode node;
            if (value instanceof Map<?, ?> map) {
                ObjectNode object = f.objectNode();
                map.forEach((k, v) -> {
                    count[0]++; // the key
                    object.set(String.valueOf(k), toTree(v, path, count, budget));
                });
                node = object;
            } else {
                ArrayNode array = f.arrayNode();
                ((Collection<?>) value).forEach(v -> array.add(toTree(v, path, count, budget)));
                node = array;
            }
            path.remove(value);
            return node;
        }
        return scalar(value);
    }

    /** A constructed scalar as a tree node. */
    static JsonNode scalar(Object value) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (value) {
            case null -> f.nullNode();
            case String s -> f.textNode(s);
            case Boolean b -> f.booleanNode(b);
            case ShortBoolean b -> f.booleanNode(b.value());
            case Integer i -> f.numberNode(i);
            case Long l -> f.numberNode(l);
            case BigInteger b -> f.numberNode(b);
            case Double d -> f.numberNode(d);
            case byte[] bytes -> f.textNode(Base64.getEncoder().encodeToString(bytes));
            default -> f.textNode(String.valueOf(value));
        };
    }

    /** Counts the nodes SnakeYAML builds (aliases are not built again) and stops past the budget. */
    private static final class CountingComposer extends Composer {
        private final int budget;
        private int nodes;

        CountingComposer(ParserImpl parser, Resolver resolver, LoaderOptions options, int budget) {
            super(parser, resolver, options);
            this.budget = budget;
        }

        private void count() {
            if (++nodes > budget) {
                throw new DocumentParser.TooManyValues("as written");
            }
        }

        @Override
        protected Node composeScalarNode(String anchor, List<CommentLine> blockComments) {
            count();
            return super.composeScalarNode(anchor, blockComments);
        }

        @Override
        protected Node composeSequenceNode(String anchor) {
            count();
            return super.composeSequenceNode(anchor);
        }

        @Override
        protected Node composeMappingNode(String anchor) {
            count();
            return super.composeMappingNode(anchor);
        }
    }

    /** SnakeYAML's safe constructor, plus {@link #SHORT_BOOL}. */
    private static final class GoConstructor extends SafeConstructor {
        GoConstructor(LoaderOptions options) {
            super(options);
            yamlConstructors.put(SHORT_BOOL, new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    String text = ((ScalarNode) node).getValue();
                    return new ShortBoolean(text.equalsIgnoreCase("y"), text);
                }
            });
        }

        /** One scalar, as the constructor builds it inside a document. */
        Object scalar(ScalarNode node) {
            return constructObject(node);
        }
    }

    /**
     * go-yaml v2's resolver (gopkg.in/yaml.v2 resolve.go): SnakeYAML's YAML 1.1 one, which already has yes/no,
     * true/false and on/off in their three cases, plus plain {@code y Y n N} as booleans; timestamps stay strings
     * (go-yaml v2 does the same for JSON). A plain scalar with a '/' is a string without trying the resolver's
     * patterns (no implicit type of YAML 1.1 contains one): every CIDR is such a scalar, and the patterns were
     * most of the parse time at 10 000.
     */
    private static final class GoResolver extends Resolver {
        @Override
        public Tag resolve(NodeId kind, String value, boolean implicit) {
            if (implicit && kind == NodeId.scalar && value.length() == 1 && "yYnN".indexOf(value.charAt(0)) >= 0) {
                return SHORT_BOOL;
            }
            if (implicit && kind == NodeId.scalar && value.indexOf('/') >= 0) {
                return Tag.STR;
            }
            Tag tag = super.resolve(kind, value, implicit);
            return Tag.TIMESTAMP.equals(tag) && implicit ? Tag.STR : tag;
        }
    }
}
