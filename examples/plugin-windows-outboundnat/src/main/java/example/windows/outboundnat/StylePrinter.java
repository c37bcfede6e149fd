package example.windows.outboundnat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.util.Instantiatable;
import java.io.IOException;

/**
 * A Jackson {@link PrettyPrinter} that writes in a detected {@link JsonStyle}: every member and element on
 * its own line at one indent per level (or everything on one line), empty containers as {@code {}} and
 * {@code []} (as Go's {@code json.MarshalIndent} and most hand-written configs do). Newlines are written as
 * {@code \n}; {@link CniConfig} converts them to the file's line ending afterwards, which is safe because
 * JSON strings cannot contain a raw newline.
 */
final class StylePrinter implements PrettyPrinter, Instantiatable<StylePrinter> {
    private final JsonStyle style;
    private int depth;

    StylePrinter(JsonStyle style) {
        this.style = style;
    }

    @Override
    public StylePrinter createInstance() {
        return new StylePrinter(style); // Jackson asks for a fresh one per document: depth is per write
    }

    private void newlineAndIndent(JsonGenerator g) throws IOException {
        if (style.multiline()) {
            g.writeRaw('\n');
            for (int i = 0; i < depth; i++) {
                g.writeRaw(style.indent());
            }
        }
    }

    /** On one line, {@code "a": 1, "b": 2} (Python's style) or {@code "a":1,"b":2} (Go's): follow the colon. */
    private String comma() {
        return !style.multiline() && style.spaceAfterColon() ? ", " : ",";
    }

    @Override
    public void writeRootValueSeparator(JsonGenerator g) {
        // one root value per file
    }

    @Override
    public void writeStartObject(JsonGenerator g) throws IOException {
        g.writeRaw('{');
        depth++;
    }

    @Override
    public void beforeObjectEntries(JsonGenerator g) throws IOException {
        newlineAndIndent(g);
    }

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw((style.spaceBeforeColon() ? " :" : ":") + (style.spaceAfterColon() ? " " : ""));
    }

    @Override
    public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
        g.writeRaw(comma());
        newlineAndIndent(g);
    }

    @Override
    public void writeEndObject(JsonGenerator g, int entries) throws IOException {
        depth--;
        if (entries > 0) {
            newlineAndIndent(g);
        }
        g.writeRaw('}');
    }

    @Override
    public void writeStartArray(JsonGenerator g) throws IOException {
        g.writeRaw('[');
        depth++;
    }

    @Override
    public void beforeArrayValues(JsonGenerator g) throws IOException {
        newlineAndIndent(g);
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw(comma());
        newlineAndIndent(g);
    }

    @Override
    public void writeEndArray(JsonGenerator g, int values) throws IOException {
        depth--;
        if (values > 0) {
            newlineAndIndent(g);
        }
        g.writeRaw(']');
    }
}
