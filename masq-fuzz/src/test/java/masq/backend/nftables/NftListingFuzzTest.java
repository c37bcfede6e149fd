package masq.backend.nftables;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import masq.api.MasqPolicy;
import masq.api.spi.BackendException;
import masq.api.spi.SyncResult;
import masq.fuzz.Check;

/**
 * {@code nft list table} output as the backend reads it back: any text either parses or is refused with an
 * {@link IllegalArgumentException} (the documented failure, on which the backend rewrites the table), parsing
 * is deterministic and canonical (what it returns, listed again, parses to itself), and a sync against that
 * table writes exactly when it differs from the wanted one, never anything but our one transaction.
 */
class NftListingFuzzTest {
    private static final MasqPolicy POLICY = MasqPolicy.defaults();
    private static final Ruleset WANT = Ruleset.of(NftRenderer.objects(POLICY));

    @FuzzTest(maxDuration = "30s")
    void listing(byte[] data) throws BackendException {
        String text = new String(data, StandardCharsets.UTF_8);
        Ruleset parsed;
        try {
            parsed = ListingParser.parse(text);
        } catch (IllegalArgumentException e) {
            return;
        }
        Check.that(parsed.equals(ListingParser.parse(text)), "parse is not deterministic");
        if (listable(parsed)) {
            Check.that(ListingParser.parse(NftReadBack.listing(parsed)).equals(parsed),
                    () -> "the parsed table, listed again, parses differently:\n" + NftReadBack.listing(parsed));
        }
        List<String> scripts = new ArrayList<>();
        NftablesBackend backend = new NftablesBackend(new Listing(text, scripts),
                NftNetlink.viaText(new Listing(text, scripts)), RulesetWatcher.NONE);
        SyncResult result = backend.sync(POLICY);
        boolean differs = !parsed.equals(WANT);
        Check.that(result.changed() == differs && scripts.size() == (differs ? 2 : 1),
                () -> "sync wrote " + (scripts.size() - 1) + " transactions for a table that " + (differs ? "differs" : "matches"));
        if (differs) {
            // Only set contents differ: the element transaction; anything else: the whole table again.
            String expected = ElementDiff.between(parsed, WANT) instanceof ElementDiff.Elements(Transaction tx)
                    ? tx.render() : NftRenderer.replace(NftRenderer.objects(POLICY)).render();
            Check.that(scripts.get(1).equals(expected), "sync wrote something else than our transaction");
        }
    }

    /** Whether nft's listing format can hold this content (a name or line with braces, a bare "type" rule cannot). */
    private static boolean listable(Ruleset r) {
        Stream<String> names = Stream.concat(r.sets().keySet().stream(), r.chains().keySet().stream());
        Stream<String> lines = Stream.concat(r.sets().values().stream().flatMap(s -> s.header().stream()),
                r.chains().values().stream().flatMap(c -> c.rules().stream()));
        return Stream.concat(names, Stream.concat(lines, r.sets().values().stream().flatMap(s -> s.elements().stream())))
                .noneMatch(s -> s.contains("{") || s.contains("}") || s.contains(","))
                && r.chains().values().stream().noneMatch(c -> c.base().isEmpty() && !c.rules().isEmpty()
                        && c.rules().getFirst().startsWith("type "))
                && r.comment().map(c -> !c.contains("\"")).orElse(true);
    }

    /** An nft that lists {@code listing} for our table and accepts every other script, recording each. */
    private record Listing(String listing, List<String> scripts) implements NftExecutor {
        @Override
        public Result run(String script) {
            scripts.add(script);
            return script.startsWith("list table ") ? new Result(true, listing, "") : new Result(true, "", "");
        }

        @Override
        public String mode() {
            return "fuzz";
        }

        @Override
        public String version() {
            return "";
        }

        @Override
        public void close() {
        }
    }
}
