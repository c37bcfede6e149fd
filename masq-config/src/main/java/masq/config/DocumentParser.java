package masq.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import masq.api.ConfigProblem.Kind;
import masq.api.ConfigProblem.Origin;
import masq.api.spi.ConfigDocument;

/**
 * Text to tree, as the originals' {@code utilyaml.ToJSON}: text whose first non-blank character is
 * {@code {} is strict JSON, anything else is YAML 1.1 (Jackson 2's YAML is SnakeYAML, so {@code yes}/{@code on}
 * are booleans like in go-yaml v2). Only the first YAML document is used.
 */
final class DocumentParser {
    /** SnakeYAML's "in 'reader', line 2, column 1:" lines, turned into "(line 2, column 1)". */
    private static final Pattern MARK = Pattern.compile("^\\s*in '[^']*', line (\\d+), column (\\d+):?$");

    private final ObjectMapper json = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private final YAMLMapper yaml = new YAMLMapper();

    ParsedDocument parse(ConfigDocument document, Problems problems) {
        String text = document.content();
        boolean isJson = text.stripLeading().startsWith("{");
        Origin whole = new Origin(document.name(), "", "");
        JsonNode root;
        try {
            root = isJson ? json.readTree(text) : readFirstYamlDocument(document.name(), text, problems);
        } catch (JsonProcessingException e) {
            problems.error(Kind.SYNTAX, whole, (isJson ? "JSON" : "YAML") + " syntax error: " + describe(e, isJson));
            return new ParsedDocument(document.name(), Optional.empty());
        } catch (RuntimeException e) {
            // Bad input must never escape as an exception: whatever the parser throws names the file.
            problems.error(Kind.SYNTAX, whole, (isJson ? "JSON" : "YAML") + " could not be parsed: " + e);
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

    private JsonNode readFirstYamlDocument(String file, String text, Problems problems) throws JsonProcessingException {
        try (JsonParser parser = yaml.getFactory().createParser(text)) {
            JsonNode first = yaml.readTree(parser);
            try {
                if (parser.nextToken() != null) {
                    problems.warning(Kind.EXTRA_DOCUMENT, new Origin(file, "", ""),
                            "only the first YAML document is used; everything from line "
                                    + parser.currentTokenLocation().getLineNr() + " on is ignored");
                }
            } catch (JsonProcessingException e) {
                // Broken content in an ignored document: the originals never parse it either.
                problems.warning(Kind.EXTRA_DOCUMENT, new Origin(file, "", ""),
                        "only the first YAML document is used; the rest is ignored");
            }
            return first;
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException("reading from a string cannot fail", e);
        }
    }

    /** One line: the parser's problem with its position, without the multi-line source snippet. */
    private static String describe(JsonProcessingException e, boolean isJson) {
        String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        if (isJson) {
            String firstLine = message.lines().findFirst().orElse("").strip();
            var loc = e.getLocation();
            return loc == null ? firstLine
                    : "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": " + firstLine;
        }
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
