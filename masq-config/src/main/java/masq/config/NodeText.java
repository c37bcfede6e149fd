package masq.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Writer;

/** How a tree node is named and quoted in messages. */
final class NodeText {
    private NodeText() {
    }

    /**
     * Built at the first collection quoted in a message, not when this class loads: a mapper pulls in about 350
     * of Jackson's classes (serialisers, introspection), which a running agent with valid config never needs
     * (docs/memory.md).
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    /**
     * The value as written: a string's text, a scalar's literal, a collection as JSON cut after
     * {@link Problems#MAX_VALUE} characters (a mapping of 100 000 aliases is never serialised whole); "" for null.
     */
    static String value(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "";
        }
        if (node.isValueNode()) {
            return node.asText();
        }
        Bounded out = new Bounded(Problems.MAX_VALUE + 1);
        try {
            Json.MAPPER.writeValue(out, node);
        } catch (IOException | RuntimeException e) {
            // Full: the first MAX_VALUE + 1 characters are enough, Problems cuts them and adds "…".
        }
        return out.text.toString();
    }

    /** A writer that keeps the first {@code limit} characters and then stops the serialiser. */
    private static final class Bounded extends Writer {
        private final StringBuilder text = new StringBuilder();
        private final int limit;

        Bounded(int limit) {
            this.limit = limit;
        }

        @Override
        public void write(char[] buf, int off, int len) {
            text.append(buf, off, Math.min(len, limit - text.length()));
            if (text.length() >= limit) {
                throw new Full();
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        /** Thrown to stop writing once the limit is reached. */
        static final class Full extends RuntimeException {
            private static final long serialVersionUID = 1L;

            Full() {
                super(null, null, false, false);
            }
        }
    }

    /** "a string", "a number", ... for "expected X, got Y" messages. */
    static String typeName(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> node.isIntegralNumber() ? "a number" : "a fractional number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "a list";
            case OBJECT -> "a mapping";
            case NULL, MISSING -> "null";
            case BINARY -> "binary data";
            case POJO -> "an object";
        };
    }
}
