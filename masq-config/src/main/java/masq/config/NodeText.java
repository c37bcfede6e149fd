package masq.config;

import com.fasterxml.jackson.databind.JsonNode;

/** How a tree node is named and quoted in messages. */
final class NodeText {
    private NodeText() {
    }

    /** The value as written: a string's text, a scalar's literal, a collection as JSON; "" for null. */
    static String value(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "";
        }
        return node.isValueNode() ? node.asText() : node.toString();
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
