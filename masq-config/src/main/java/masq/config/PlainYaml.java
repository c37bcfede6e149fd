package masq.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The YAML nearly every config is written in, composed into SnakeYAML's node tree without SnakeYAML's
 * scanner and parser, which were most of the time of a 10 000-CIDR load (tens of milliseconds). Only this
 * line-based subset, ASCII, {@code \n} line ends, no tabs:
 * <pre>
 * # comment                      key: scalar   # comment       key:
 * key:                           key: "text"  or  'text'          - scalar
 *   - scalar   # comment
 * </pre>
 * where a key is a plain word at column 0, a scalar is a plain token (letters, digits and {@code ./:+_-}, not
 * starting with a sign, dot or colon, not ending with a colon) or a quoted string without escapes, and
 * the items of one list share one indentation (zero allowed). Anything else (flow collections, anchors,
 * tags, multi-line scalars, several documents, an empty document) gives empty and SnakeYAML reads the
 * text. Scalars are typed by the same {@link Resolver} SnakeYAML would use, and the tree is built as its
 * composer builds it, so the constructor that follows sees the same nodes (YamlReaderTest compares both
 * paths on many documents).
 */
final class PlainYaml {
    private static final Mark NO_MARK = new Mark("plain", 0, 0, 0, new int[0], 0);

    private final String text;
    private final Resolver resolver;
    private final int budget;
    private int nodes;
    private int pos;

    private PlainYaml(String text, Resolver resolver, int budget) {
        this.text = text;
        this.resolver = resolver;
        this.budget = budget;
    }

    /**
     * @return the document's root node, or empty when the text is outside the subset
     * @throws DocumentParser.TooManyValues past {@code budget} nodes, counted like SnakeYAML's composer counts
     */
    static Optional<Node> compose(String text, Resolver resolver, int budget) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < ' ' && c != '\n') || c > '~') {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(new PlainYaml(text, resolver, budget).document());
    }

    private Node count(Node n) {
        if (++nodes > budget) {
            throw new DocumentParser.TooManyValues("as written");
        }
        return n;
    }

    /** The root mapping, or null when outside the subset. */
    private MappingNode document() {
        MappingNode root = (MappingNode) count(new MappingNode(Tag.MAP, true, new ArrayList<>(), NO_MARK, null,
                DumperOptions.FlowStyle.BLOCK));
        List<NodeTuple> entries = root.getValue();
        String line;
        while ((line = nextContentLine()) != null) {
            int colon = keyEnd(line);
            if (colon < 0) {
                return null;
            }
            Node key = scalar(line.substring(0, colon), DumperOptions.ScalarStyle.PLAIN);
            String rest = afterSpaces(line, colon + 1);
            Node value;
            if (rest.isEmpty() || rest.charAt(0) == '#') {
                if (colon + 1 < line.length() && line.charAt(colon + 1) != ' ') {
                    return null; // "key:#..." is not a comment
                }
                value = sequence();
            } else {
                if (line.charAt(colon + 1) != ' ') {
                    return null;
                }
                value = scalarWithComment(rest);
            }
            if (value == null) {
                return null;
            }
            entries.add(new NodeTuple(key, value));
        }
        return entries.isEmpty() ? null : root;
    }

    /** The block sequence after "key:", or the empty (null) scalar when no item follows; null when outside. */
    private Node sequence() {
        List<Node> items = new ArrayList<>();
        int indent = -1;
        while (true) {
            int mark = pos;
            String line = nextContentLine();
            if (line == null || line.charAt(0) != ' ' && line.charAt(0) != '-') {
                pos = mark;
                break;
            }
            int dash = 0;
            while (line.charAt(dash) == ' ') {
                dash++;
            }
            if (line.charAt(dash) != '-' || (indent >= 0 && dash != indent) || dash + 2 > line.length()
                    || line.charAt(dash + 1) != ' ') {
                return null;
            }
            indent = dash;
            Node item = scalarWithComment(afterSpaces(line, dash + 2));
            if (item == null) {
                return null;
            }
            items.add(item);
        }
        if (items.isEmpty()) {
            return scalar("", DumperOptions.ScalarStyle.PLAIN);
        }
        Node seq = count(new SequenceNode(Tag.SEQ, true, new ArrayList<>(), NO_MARK, null, DumperOptions.FlowStyle.BLOCK));
        ((SequenceNode) seq).getValue().addAll(items);
        return seq;
    }

    /** A scalar token, then nothing or spaces and a comment. */
    private Node scalarWithComment(String s) {
        if (s.isEmpty()) {
            return null;
        }
        char q = s.charAt(0);
        int end;
        DumperOptions.ScalarStyle style;
        if (q == '"' || q == '\'') {
            end = s.indexOf(q, 1);
            if (end < 0 || (q == '"' && s.lastIndexOf('\\', end) >= 0)) {
                return null;
            }
            end++;
            style = q == '"' ? DumperOptions.ScalarStyle.DOUBLE_QUOTED : DumperOptions.ScalarStyle.SINGLE_QUOTED;
        } else {
            end = 0;
            while (end < s.length() && s.charAt(end) != ' ') {
                end++;
            }
            if (!plainToken(s.substring(0, end))) {
                return null;
            }
            style = DumperOptions.ScalarStyle.PLAIN;
        }
        String after = afterSpaces(s, end);
        if (!after.isEmpty() && (after.charAt(0) != '#' || end == s.length() || s.charAt(end) != ' ')) {
            return null;
        }
        String value = style == DumperOptions.ScalarStyle.PLAIN ? s.substring(0, end) : s.substring(1, end - 1);
        if (style == DumperOptions.ScalarStyle.SINGLE_QUOTED && end < s.length() && s.charAt(end) == '\'') {
            return null; // '' is an escaped quote
        }
        return scalar(value, style);
    }

    private Node scalar(String value, DumperOptions.ScalarStyle style) {
        Tag tag = resolver.resolve(NodeId.scalar, value, style == DumperOptions.ScalarStyle.PLAIN);
        return count(new ScalarNode(tag, true, value, NO_MARK, NO_MARK, style));
    }

    static boolean plainToken(String t) {
        if (t.isEmpty() || !letterOrDigit(t.charAt(0)) || t.charAt(t.length() - 1) == ':') {
            return false;
        }
        for (int i = 1; i < t.length(); i++) {
            char c = t.charAt(i);
            if (!letterOrDigit(c) && c != '.' && c != '/' && c != ':' && c != '+' && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean letterOrDigit(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    /** The index of the colon after a key at column 0 (a plain word), or -1. */
    private static int keyEnd(String line) {
        int i = 0;
        while (i < line.length() && (letterOrDigit(line.charAt(i)) || line.charAt(i) == '_'
                || (i > 0 && line.charAt(i) == '-'))) {
            i++;
        }
        return i > 0 && i < line.length() && line.charAt(i) == ':' ? i : -1;
    }

    private static String afterSpaces(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return s.substring(i);
    }

    /**
     * The next line that is neither blank nor only a comment, without its line end and trailing spaces; null
     * at the end. A document marker or directive makes the whole text fall outside the subset: returns a line
     * no caller accepts.
     */
    private String nextContentLine() {
        while (pos < text.length()) {
            int nl = text.indexOf('\n', pos);
            int end = nl < 0 ? text.length() : nl;
            String line = text.substring(pos, end).stripTrailing();
            pos = end + 1;
            String content = line.stripLeading();
            if (content.isEmpty() || content.charAt(0) == '#') {
                continue;
            }
            if (line.startsWith("---") || line.startsWith("...") || line.startsWith("%")) {
                return "%";
            }
            return line;
        }
        return null;
    }
}
