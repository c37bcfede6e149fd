package masq.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import masq.api.ConfigProblem.Kind;
import masq.api.ConfigProblem.Origin;
import masq.api.spi.ConfigDocument;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Text to tree, as the originals' {@code utilyaml.ToJSON}: text whose first character after spaces, tabs
 * and line breaks is {@code {} is strict JSON, anything else is YAML 1.1 ({@link YamlReader}). Only the first
 * YAML document is used.
 */
final class DocumentParser {
    /**
     * Values (every key, value and list item, after expanding YAML aliases) in all documents of one load
     * together. Memory and time follow the number of values, not the bytes: 1 MiB of {@code [a,a,a,…]} is half
     * a million of them, and 601 KB of aliases to one string made 200 000 (a running agent was killed). A
     * running agent holds two configs and the backend's rules at once: measured with the dry-run backend,
     * 61 000 CIDRs took a 40 MB live heap of the image's 64 MB (docs/benchmarks-config.md), so the bound stays
     * below that; 50 000 is still five times the largest config the benchmarks and e2e tests apply.
     */
    static final int MAX_VALUES = 50_000;
    /** SnakeYAML's "in 'reader', line 2, column 1:" lines, turned into "(line 2, column 1)". */
    private static final Pattern MARK = Pattern.compile("^\\s*in '[^']*', line (\\d+), column (\\d+):?$");

    private final YamlReader yaml = new YamlReader();
    /** What is left of {@link #MAX_VALUES} for the documents still to parse. */
    private int budget = MAX_VALUES;
    /** Whether the last document parsed was YAML of {@link PlainYaml}'s subset (what {@link ItemSplice} edits). */
    private boolean plain;

    /** What is left of {@link #MAX_VALUES}. */
    int remaining() {
        return budget;
    }

    /** Counts a document read without parsing it ({@link ItemSplice}); false (nothing taken) past the budget. */
    boolean take(int values) {
        if (values > budget) {
            return false;
        }
        budget -= values;
        return true;
    }

    boolean lastWasPlain() {
        return plain;
    }

    ParsedDocument parse(ConfigDocument document, Problems problems) {
        plain = false;
        String text = document.content();
        Origin whole = new Origin(document.name(), "", "");
        JsonNode root;
        try {
            root = startsWithBrace(text) ? readJson(text) : readYaml(text, whole, problems);
        } catch (TooManyValues e) {
            budget = 0;
            problems.error(Kind.UNREADABLE, whole, "more than " + MAX_VALUES + " values (keys, values and list"
                    + " items) in all config files together, counted " + e.getMessage() + "; not read");
            return new ParsedDocument(document.name(), Optional.empty());
        } catch (JsonProcessingException e) {
            problems.error(Kind.SYNTAX, whole, "JSON syntax error: " + describeJson(e));
            return new ParsedDocument(document.name(), Optional.empty());
        } catch (YAMLException e) {
            problems.error(Kind.SYNTAX, whole, "YAML syntax error: " + describeYaml(e));
            return new ParsedDocument(document.name(), Optional.empty());
        } catch (RuntimeException e) {
            // Bad input must never escape as an exception: whatever a parser throws is reported for the file.
            problems.error(Kind.SYNTAX, whole, "could not be parsed: " + e);
            return new ParsedDocument(document.name(), Optional.empty());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            // An empty or comment-only file is JSON null for the Go originals: no keys, valid.
            return new ParsedDocument(document.name(), Optional.of(JsonNodeFactory.instance.objectNode()));
        }
        if (!root.isObject()) {
            problems.error(Kind.SYNTAX, whole, "the top level must be a mapping of keys such as nonMasqueradeCIDRs,"
                    + " not " + NodeText.typeName(root));
            return new ParsedDocument(document.name(), Optional.empty());
        }
        return new ParsedDocument(document.name(), Optional.of((ObjectNode) root));
    }

    /** Built at the first JSON document, not at every load: a mapper costs more than a 10 000-CIDR YAML edit. */
    private static final class Json {
        static final ObjectMapper MAPPER = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    private JsonNode readJson(String text) throws JsonProcessingException {
        JsonNode root = Json.MAPPER.readTree(text);
        // Jackson's tree is small (a 1 MiB document fits well in memory); count it like a YAML one.
        int values = count(root);
        if (values > budget) {
            throw new TooManyValues("as written");
        }
        budget -= values;
        return root;
    }

    private static int count(JsonNode node) {
        int n = 1;
        if (node.isObject()) {
            for (var field : node.properties()) {
                n += 1 + count(field.getValue());
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                n += count(item);
            }
        }
        return n;
    }

    private JsonNode readYaml(String text, Origin whole, Problems problems) {
        Optional<YamlReader.Result> fast = yaml.readPlain(text, budget);
        plain = fast.isPresent();
        YamlReader.Result result = fast.orElseGet(() -> yaml.readWithSnakeYaml(text, budget));
        budget -= result.values();
        if (result.moreDocuments()) {
            problems.warning(Kind.EXTRA_DOCUMENT, whole, "only the first YAML document is used; the others"
                    + " (after a \"---\" line) are ignored");
        }
        // Surprising to anyone reading YAML 1.2 (and to SnakeYAML): said once, and still read as the Go agents do.
        result.shortBooleans().forEach((key, written) -> problems.warning(Kind.WRONG_TYPE,
                new Origin(whole.file(), key, written), "read as the boolean " + written.equalsIgnoreCase("y")
                        + ", as YAML 1.1 and the Go agents read it (YAML 1.2 tools read a string); write "
                        + written.equalsIgnoreCase("y") + " to say so"));
        return result.first().orElse(null);
    }

    /** The values of the documents read so far passed {@link #MAX_VALUES}; the message says how they were counted. */
    static final class TooManyValues extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooManyValues(String counted) {
            super(counted, null, false, false);
        }
    }

    /** Go's {@code hasJSONPrefix}: only space, tab, CR and LF are skipped before the {@code {}. */
    private static boolean startsWithBrace(String text) {
        int i = 0;
        while (i < text.length() && " \t\r\n".indexOf(text.charAt(i)) >= 0) {
            i++;
        }
        return i < text.length() && text.charAt(i) == '{';
    }

    /** One line: the parser's problem with its position. */
    private static String describeJson(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        String firstLine = message.lines().findFirst().orElse("").strip();
        var loc = e.getLocation();
        return loc == null ? firstLine : "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": " + firstLine;
    }

    /** One line from SnakeYAML's multi-line message: the problem texts with their positions, no snippet. */
    private static String describeYaml(YAMLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        StringBuilder sb = new StringBuilder();
        for (String line : message.lines().toList()) {
            Matcher m = MARK.matcher(line);
            if (m.matches()) {
                sb.append(" (line ").append(m.group(1)).append(", column ").append(m.group(2)).append(')');
            } else if (!line.isBlank() && !line.startsWith(" ")) {
                sb.append(sb.isEmpty() ? "" : "; ").append(line.strip());
            }
        }
        return sb.toString();
    }
}
