package masq.backend.nftables;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import masq.api.MasqPolicy;
import masq.api.spi.BackendException;
import masq.api.spi.BackendInfo;
import masq.api.spi.FirewallBackend;
import masq.api.spi.Rendering;
import masq.api.spi.SyncResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps table {@code inet ip-masq-agent} equal to the rendered policy, at a cost that follows the change:
 * <ul>
 *   <li>what the kernel has is read back ({@code list table}) only when it may have changed: see
 *       {@link TableKnowledge} (generation id, the nf_tables watch, and a full read every 10th sync);</li>
 *   <li>when only set contents differ, one atomic transaction of element deletes and adds
 *       ({@link ElementDiff}, sent by {@link NftNetlink});</li>
 *   <li>otherwise (first sync, structure changed, anything we cannot name) one transaction that recreates
 *       the whole table (add, delete, add: atomic, and it removes anything someone added to our table).</li>
 * </ul>
 * Never touches another table.
 */
final class NftablesBackend implements FirewallBackend {

    private static final Logger LOG = LoggerFactory.getLogger(NftablesBackend.class);
    static final String TARGET = "nft -f - (table " + NftRenderer.TABLE + ")";
    private static final String LIST = "list table " + NftRenderer.TABLE + "\n";

    private final NftExecutor nft;
    private final NftNetlink netlink;
    private final RulesetWatcher watcher;
    private final TableKnowledge knowledge = new TableKnowledge();
    /** Where the watch reports; nothing until {@link #watchExternalChanges}. */
    private volatile Runnable report = () -> { };

    /** The last policy synced and what it renders to: periodic resyncs usually repeat it, changes follow from it. */
    private DesiredTable desired;

    /** The table (empty: absent) and the generation that content is certain at, if known. */
    private record Observed(Optional<Ruleset> table, OptionalInt generation) {
    }

    NftablesBackend(NftExecutor nft, NftNetlink netlink, RulesetWatcher watcher) {
        this.nft = nft;
        this.netlink = netlink;
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
        DesiredTable d = desired == null ? DesiredTable.of(policy) : desired.next(policy);
        desired = d;
        Ruleset want = d.ruleset();
        OptionalInt now = netlink.generation();
        Optional<TableKnowledge.Known> known = knowledge.withoutReading(now);
        // What this sync committed before a read that must follow it, if anything.
        String applied = null;
        // At most three attempts at an element transaction: each that finds the ruleset changed reads again.
        for (int attempt = 0; ; attempt++) {
            boolean fromKnowledge = attempt == 0 && known.isPresent();
            boolean verifyDue = fromKnowledge && known.get().verifyDue();
            boolean readAfter = fromKnowledge && known.get().overdue();
            Observed have = fromKnowledge ? new Observed(known.get().table(), now) : readBack();
            ElementDiff.Result diff = have.table().isEmpty() ? new ElementDiff.Rewrite() : d.diff(have.table().get());
            if (diff instanceof ElementDiff.InSync) {
                if (verifyDue) {
                    continue; // nothing to change: the periodic read now
                }
                return applied == null ? SyncResult.unchanged() : new SyncResult(true, applied);
            }
            if (!(diff instanceof ElementDiff.Elements(Transaction tx)) || attempt == 2) {
                return rewrite(d.objects(), want, have.table().isEmpty());
            }
            knowledge.writeStarting();
            NftNetlink.Commit c;
            try {
                c = netlink.commit(tx, have.generation());
            } catch (BackendException | RuntimeException e) {
                knowledge.forget();
                throw e;
            }
            switch (c.status()) {
                case COMMITTED -> {
                    if (knowledge.written(Optional.of(want), c.generation())) {
                        report.run();
                    }
                    String summary = (applied == null ? "" : applied + "; then ") + ElementDiff.describe(tx);
                    LOG.debug("nftables sync: {}", summary);
                    if (!readAfter) {
                        return new SyncResult(true, summary); // a due read is the next sync's
                    }
                    applied = summary; // the overdue read, after the change rather than before it: next attempt
                }
                case STALE -> knowledge.forget();
                case REJECTED -> {
                    knowledge.forget();
                    LOG.debug("element transaction refused ({}); rewriting the table", c.error());
                    return rewrite(d.objects(), want, false);
                }
            }
        }
    }

    /** One transaction recreating the whole table. */
    private SyncResult rewrite(List<NftObject> objects, Ruleset want, boolean created) throws BackendException {
        String script = NftRenderer.replace(objects).render();
        OptionalInt before = netlink.generation();
        knowledge.writeStarting();
        NftExecutor.Result r;
        try {
            r = nft.run(script);
        } catch (BackendException | RuntimeException e) {
            knowledge.forget();
            throw e;
        }
        if (!r.ok()) {
            knowledge.forget();
            throw NftErrors.failure("replace table " + NftRenderer.TABLE, r.error());
        }
        if (knowledge.written(Optional.of(want), ownGeneration(before))) {
            report.run();
        }
        String summary = (created ? "table created" : "table rewritten (drift or change)")
                + ": " + want.elementCount() + " set elements, "
                + want.chains().values().stream().mapToInt(c -> c.rules().size()).sum() + " rules";
        LOG.debug("nftables sync: {}", summary);
        return new SyncResult(true, summary);
    }

    /** The generation our one commit created: certain only when nobody else committed around it. */
    private OptionalInt ownGeneration(OptionalInt before) {
        try {
            OptionalInt after = netlink.generation();
            return before.isPresent() && after.isPresent() && after.getAsInt() == before.getAsInt() + 1 ? after
                    : OptionalInt.empty();
        } catch (BackendException e) {
            return OptionalInt.empty();
        }
    }

    /** Reads our table (recording what was read), with the generation it shows when that is certain. */
    private Observed readBack() throws BackendException {
        long token = knowledge.readStarting();
        OptionalInt before = netlink.generation();
        Optional<Ruleset> table = list();
        OptionalInt after = netlink.generation();
        OptionalInt at = before.isPresent() && before.equals(after) ? before : OptionalInt.empty();
        knowledge.read(table, at, token);
        return new Observed(table, at);
    }

    /** Our table as the kernel has it, or empty when it does not exist. */
    Optional<Ruleset> list() throws BackendException {
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
        if (readBack().table().isEmpty()) {
            return SyncResult.nothingRemoved();
        }
        OptionalInt before = netlink.generation();
        knowledge.writeStarting();
        NftExecutor.Result r = nft.run("delete table " + NftRenderer.TABLE + "\n");
        if (!r.ok()) {
            knowledge.forget();
            if (NftErrors.isNotFound(r.error())) {
                return SyncResult.nothingRemoved(); // deleted by someone else in between
            }
            throw NftErrors.failure("delete table " + NftRenderer.TABLE, r.error());
        }
        knowledge.written(Optional.empty(), ownGeneration(before));
        return new SyncResult(true, "table " + NftRenderer.TABLE + " deleted");
    }

    @Override
    public Optional<String> rulesetId() {
        return Optional.of(NftablesBackendProvider.ID);
    }

    /** Reports batches that touched our table and were not our own writes, and lost events. */
    @Override
    public AutoCloseable watchExternalChanges(Runnable onChange) {
        report = onChange;
        return watcher.watch(NftRenderer.TABLE, new RulesetWatcher.Events() {
            @Override
            public void started() {
                knowledge.watchStarted();
            }

            @Override
            public void touched(int generation) {
                if (knowledge.touched(generation)) {
                    onChange.run();
                }
            }

            @Override
            public void seen(int generation) {
                knowledge.seen(generation);
            }

            @Override
            public void lost() {
                knowledge.watchLost();
                onChange.run();
            }

            @Override
            public void stopped() {
                knowledge.watchStopped();
            }
        });
    }

    @Override
    public void close() {
        netlink.close();
        nft.close();
    }
}
