package masq.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import masq.api.spi.ConfigDocument;
import masq.api.spi.ConfigSnapshot;

/** Parse, validate and merge: a pure function from a snapshot and the flag settings to a result. */
public final class ConfigEngine {
    private ConfigEngine() {
    }

    /**
     * Loads a snapshot: parses every document (YAML or JSON), validates each, merges them in order and
     * detects conflicts. Never throws for bad input: every problem is in the result (up to the bounds of
     * {@link LoadResult}'s report; the rest are counted), and any error leaves
     * the result without a configuration (the caller keeps its last good policy). A snapshot that is not
     * present, or has no documents, gives the defaults.
     */
    public static LoadResult load(ConfigSnapshot snapshot, ConfigSettings settings) {
        Problems problems = new Problems();
        problems.addAll(snapshot.problems());
        DocumentParser parser = new DocumentParser();
        List<Fragment> fragments = new ArrayList<>();
        for (ConfigDocument document : snapshot.documents()) {
            ParsedDocument parsed = parser.parse(document, problems);
            parsed.root().ifPresent(root ->
                    fragments.add(new FragmentReader(document.name(), settings.enableIpv6(), problems).read(root)));
        }
        EffectiveConfig merged = new Merger(settings, problems).merge(fragments);
        return new LoadResult(problems.anyError() ? Optional.empty() : Optional.of(merged), problems.list(),
                problems.omitted());
    }
}
