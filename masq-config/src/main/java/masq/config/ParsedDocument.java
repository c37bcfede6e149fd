package masq.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * One document as a tree.
 *
 * @param file the document's name
 * @param root the top-level mapping; empty when the document could not be parsed or was not a mapping
 *             (an empty or comment-only document is an empty mapping)
 */
record ParsedDocument(String file, Optional<ObjectNode> root) {
}
