package masq.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        return load(snapshot, settings, Map.of(), new HashMap<>());
    }

    /**
     * {@link #load(ConfigSnapshot, ConfigSettings)}, reusing what an earlier load under the same settings read
     * from each file without any problem ({@code before}, by file name): an unchanged file is not parsed
     * again, a file edited in a few CIDR items only in those ({@link ItemSplice}). The same result as
     * a load from scratch. What this load read so, file by file, goes to {@code after}.
     */
    static LoadResult load(ConfigSnapshot snapshot, ConfigSettings settings, Map<String, ItemSplice.Read> before,
            Map<String, ItemSplice.Read> after) {
        Problems problems = new Problems();
        problems.addAll(snapshot.problems());
        DocumentParser parser = new DocumentParser();
        List<Fragment> fragments = new ArrayList<>();
        for (ConfigDocument document : snapshot.documents()) {
            ItemSplice.Read earlier = before.get(document.name());
            Optional<ItemSplice.Read> reused = earlier == null ? Optional.empty()
                    : ItemSplice.apply(earlier, document.content(), settings.enableIpv6());
            if (reused.isPresent() && parser.take(reused.get().values())) {
                fragments.add(reused.get().fragment());
                after.put(document.name(), reused.get());
                continue;
            }
            int found = problems.count();
            int budget = parser.remaining();
            ParsedDocument parsed = parser.parse(document, problems);
            parsed.root().ifPresent(root -> {
                Fragment fragment = new FragmentReader(document.name(), settings.enableIpv6(), problems).read(root);
                fragments.add(fragment);
                if (parser.lastWasPlain() && problems.count() == found) {
                    after.put(document.name(), new ItemSplice.Read(document.content(), fragment,
                            budget - parser.remaining(), FragmentReader.limitOf(document.name(), root)));
                }
            });
        }
        EffectiveConfig merged = new Merger(settings, problems).merge(fragments);
        return new LoadResult(problems.anyError() ? Optional.empty() : Optional.of(merged), problems.list(),
                problems.omitted());
    }
}
