package masq.backend.nftables;

import java.util.List;
import java.util.Optional;
import masq.api.MasqPolicy;
import masq.api.spi.BackendException;
import masq.api.spi.BackendInfo;
import masq.api.spi.FirewallBackend;
import masq.api.spi.Rendering;
import masq.api.spi.SyncResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps table {@code inet ip-masq-agent} equal to the rendered policy. Each sync reads the table back
 * ({@code list table}), compares its canonical form with the wanted one and, only when they differ,
 * sends one transaction that recreates the whole table (add, delete, add: atomic, and it removes
 * anything someone added to our table). Never touches another table.
 */
final class NftablesBackend implements FirewallBackend {

    private static final Logger LOG = LoggerFactory.getLogger(NftablesBackend.class);
    static final String TARGET = "nft -f - (table " + NftRenderer.TABLE + ")";
    private static final String LIST = "list table " + NftRenderer.TABLE + "\n";

    private final NftExecutor nft;
    private final RulesetWatcher watcher;
    /** What our last write or check left in the kernel; null until the first sync. Read by the watch thread. */
    private volatile Expected expected;

    /** The last policy synced and what it renders to: periodic resyncs usually repeat it. */
    private Desired desired;

    private record Desired(MasqPolicy policy, List<NftObject> objects, Ruleset ruleset) {
    }

    /** The table content we expect, or absent after cleanup. */
    private record Expected(Optional<Ruleset> table) {
    }

    NftablesBackend(NftExecutor nft, RulesetWatcher watcher) {
        this.nft = nft;
        this.watcher = watcher;
    }

    @Override
    public BackendInfo info() {
        return new BackendInfo(NftablesBackendProvider.ID, nft.mode(), nft.version());
    }

    @Override
    public Rendering render(MasqPolicy policy) {
        return new Rendering(List.of(new Rendering.Payload(TARGET,
                NftRenderer.replace(NftRenderer.objects(policy)).render())));
    }

    @Override
    public SyncResult sync(MasqPolicy policy) throws BackendException {
        Desired d = desired;
        if (d == null || !d.policy().equals(policy)) {
            List<NftObject> rendered = NftRenderer.objects(policy);
            d = new Desired(policy, rendered, Ruleset.of(rendered));
            desired = d;
        }
        List<NftObject> objects = d.objects();
        Ruleset want = d.ruleset();
        Optional<Ruleset> have = readBack();
        if (have.isPresent() && have.get().equals(want)) {
            expected = new Expected(have);
            return SyncResult.unchanged();
        }
        String script = NftRenderer.replace(objects).render();
        // Set before the write: the watch thread may see our own commit before run() returns.
        expected = new Expected(Optional.of(want));
        NftExecutor.Result r;
        try {
            r = nft.run(script);
        } catch (BackendException | RuntimeException e) {
            expected = null;
            throw e;
        }
        if (!r.ok()) {
            expected = null;
            throw NftErrors.failure("replace table " + NftRenderer.TABLE, r.error());
        }
        String summary = (have.isEmpty() ? "table created" : "table rewritten (drift or change)")
                + ": " + want.elementCount() + " set elements, "
                + want.chains().values().stream().mapToInt(c -> c.rules().size()).sum() + " rules";
        LOG.debug("nftables sync: {}", summary);
        return new SyncResult(true, summary);
    }

    /** Our table as the kernel has it, or empty when it does not exist. */
    Optional<Ruleset> readBack() throws BackendException {
        NftExecutor.Result r = nft.run(LIST);
        if (!r.ok()) {
            if (NftErrors.isNotFound(r.error())) {
                return Optional.empty();
            }
            throw NftErrors.failure("list table " + NftRenderer.TABLE, r.error());
        }
        try {
            return Optional.of(ListingParser.parse(r.output()));
        } catch (RuntimeException e) {
            // Something we cannot read is not what we wrote: rewriting it is the safe answer.
            LOG.warn("cannot parse listing of table {}, will rewrite it: {}", NftRenderer.TABLE, e.getMessage());
            return Optional.of(new Ruleset(Optional.empty(), new java.util.TreeMap<>(), new java.util.TreeMap<>()));
        }
    }

    /**
     * Deletes our table if it exists. Reads first ({@code list table}, read-only), so a node without our
     * table sees no write at all: no {@code add table} + {@code delete table} pair that would create it for
     * a moment and wake every ruleset watcher on the node.
     */
    @Override
    public SyncResult cleanup() throws BackendException {
        if (readBack().isEmpty()) {
            expected = new Expected(Optional.empty());
            return SyncResult.nothingRemoved();
        }
        expected = new Expected(Optional.empty());
        NftExecutor.Result r = nft.run("delete table " + NftRenderer.TABLE + "\n");
        if (!r.ok()) {
            if (NftErrors.isNotFound(r.error())) {
                return SyncResult.nothingRemoved(); // deleted by someone else in between
            }
            throw NftErrors.failure("delete table " + NftRenderer.TABLE, r.error());
        }
        return new SyncResult(true, "table " + NftRenderer.TABLE + " deleted");
    }

    @Override
    public Optional<String> rulesetId() {
        return Optional.of(NftablesBackendProvider.ID);
    }

    @Override
    public AutoCloseable watchExternalChanges(Runnable onChange) {
        // Our own transactions notify too: only report when the table differs from what we left there.
        return watcher.watch(NftRenderer.TABLE, () -> {
            if (drifted()) {
                onChange.run();
            }
        });
    }

    private boolean drifted() {
        Expected e = expected;
        if (e == null) {
            return true;
        }
        try {
            return !readBack().equals(e.table());
        } catch (BackendException ex) {
            return true;
        }
    }

    @Override
    public void close() {
        nft.close();
    }
}
