package masq.api.spi;

import java.util.List;
import masq.api.ConfigProblem;

/**
 * The configuration documents read at one moment.
 *
 * @param present   false when the source does not exist at all (e.g. the directory is missing): defaults apply
 * @param documents the documents, in merge order (lexical file-name order for a directory)
 * @param problems  problems met while reading (unreadable or oversized files), each naming its file
 */
public record ConfigSnapshot(boolean present, List<ConfigDocument> documents, List<ConfigProblem> problems) {
    public ConfigSnapshot {
        documents = List.copyOf(documents);
        problems = List.copyOf(problems);
    }
}
