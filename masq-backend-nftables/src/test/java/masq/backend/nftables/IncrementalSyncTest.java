package masq.backend.nftables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import masq.api.MasqPolicy;
import masq.api.spi.BackendException;
import masq.api.spi.SyncResult;
import org.junit.jupiter.api.Test;

/**
 * Cost proportional to the change, against the stateful fake kernel (which counts listings and writes and
 * has a generation like nf_tables): element-only transactions, and reads only when something may have
 * changed. The watch is driven by hand, in the order the netlink reader reports batches.
 */
class IncrementalSyncTest {

    private final FakeNftables kernel = new FakeNftables();
    private final AtomicInteger reports = new AtomicInteger();
    private RulesetWatcher.Events watch;
    private final NftablesBackend backend = watched(kernel);

    /** A backend on the fake kernel whose watch is {@link #watch}, driven by the test. */
    private NftablesBackend watched(NftNetlink netlink) {
        return new NftablesBackend(kernel, netlink, (table, events) -> {
            watch = events;
            return () -> { };
        });
    }

    private static final MasqPolicy BEFORE = Policies.of(Policies.DUAL,
            Policies.cidrs("10.0.0.0/8", "192.0.2.0/24", "fd00::/8"), Policies.cidrs("10.9.0.0/16"),
            false, false, List.of(), true);
    private static final MasqPolicy AFTER = Policies.of(Policies.DUAL,
            Policies.cidrs("10.0.0.0/8", "100.64.0.0/10", "198.51.100.7/32", "2001:db8::/32"),
            Policies.cidrs("10.9.0.0/16", "203.0.113.0/24", "fd00:9::/32"), false, false, List.of(), true);

    private String table() {
        return kernel.run("list table inet ip-masq-agent\n").output();
    }

    /** Our table as a fresh backend's first sync of {@code policy} leaves it on an empty kernel. */
    private static String freshTable(MasqPolicy policy) throws BackendException {
        FakeNftables fresh = new FakeNftables();
        new NftablesBackend(fresh, fresh, RulesetWatcher.NONE).sync(policy);
        return fresh.run("list table inet ip-masq-agent\n").output();
    }

    /** Starts the watch and has it report every batch so far (as the reader would after subscribing). */
    private void watching() {
        backend.watchExternalChanges(reports::incrementAndGet);
        watch.started();
    }

    /** What the reader reports for the last committed batch. */
    private void batch(boolean touchedOurTable) {
        if (touchedOurTable) {
            watch.touched(kernel.currentGeneration());
        }
        watch.seen(kernel.currentGeneration());
    }

    @Test
    void aChangeOfSetContentsIsOneElementTransaction() throws BackendException {
        backend.sync(BEFORE);
        int reads = kernel.reads();
        SyncResult r = backend.sync(AFTER);
        assertTrue(r.changed());
        assertEquals("5 set element(s) added, 2 deleted (element transaction)", r.summary());
        assertEquals("""
                delete element inet ip-masq-agent nonmasq-ipv4 { 192.0.2.0/24 }
                delete element inet ip-masq-agent nonmasq-ipv6 { fd00::/8 }
                add element inet ip-masq-agent masq-ipv4 { 203.0.113.0/24 }
                add element inet ip-masq-agent masq-ipv6 { fd00:9::/32 }
                add element inet ip-masq-agent nonmasq-ipv4 { 100.64.0.0/10, 198.51.100.7/32 }
                add element inet ip-masq-agent nonmasq-ipv6 { 2001:db8::/32 }
                """, kernel.writes().getLast());
        assertEquals(reads, kernel.reads(), "nothing changed since our own first write: no read");
        assertEquals(freshTable(AFTER), table(), "same table as a fresh one");
    }

    @Test
    void aChangeOfStructureRewritesTheTable() throws BackendException {
        backend.sync(BEFORE);
        MasqPolicy toPorts = Policies.of(Policies.DUAL, BEFORE.nonMasquerade(), BEFORE.masquerade(), false, false,
                masq.api.PortRange.parseList("30000-30010"), true);
        assertTrue(backend.sync(toPorts).changed());
        assertEquals(backend.render(toPorts).payloads().getFirst().text(), kernel.writes().getLast());
    }

    @Test
    void aNoOpResyncNeitherWritesNorReadsUntilEveryTenthSyncReads() throws BackendException {
        backend.sync(BEFORE);
        int reads = kernel.reads();
        for (int i = 1; i < TableKnowledge.VERIFY_EVERY; i++) {
            assertFalse(backend.sync(BEFORE).changed());
            assertEquals(reads, kernel.reads(), "sync " + i + " after the read");
        }
        assertFalse(backend.sync(BEFORE).changed());
        assertEquals(reads + 1, kernel.reads(), "the tenth sync verifies by a full read");
        assertEquals(1, kernel.writes().size());
    }

    /**
     * A change does not wait for the periodic read: it goes first and the next sync reads. When every sync brings
     * a change, the 20th applies it and reads right after, in the same sync; all of them are element transactions.
     */
    @Test
    void aChangeOnTheSyncThatIsDueToReadGoesFirstAndTheReadFollows() throws BackendException {
        backend.sync(BEFORE);
        int reads = kernel.reads();
        for (int i = 1; i < TableKnowledge.VERIFY_EVERY; i++) {
            backend.sync(BEFORE);
        }
        assertEquals(reads, kernel.reads());
        int writes = kernel.writes().size();
        assertTrue(backend.sync(AFTER).changed(), "the tenth sync has a change");
        assertEquals(reads, kernel.reads(), "applied from what is known, without reading first");
        assertFalse(backend.sync(AFTER).changed());
        assertEquals(reads + 1, kernel.reads(), "the next sync reads");
        for (int i = 1; i < 2 * TableKnowledge.VERIFY_EVERY; i++) {
            assertTrue(backend.sync(i % 2 == 0 ? AFTER : BEFORE).changed()); // a change every time
        }
        assertEquals(reads + 1, kernel.reads(), "19 changes in a row, no read");
        assertEquals("5 set element(s) added, 2 deleted (element transaction)", backend.sync(AFTER).summary());
        assertEquals(reads + 2, kernel.reads(), "the 20th change, then the overdue read");
        assertTrue(kernel.writes().subList(writes, kernel.writes().size()).stream()
                .allMatch(w -> w.startsWith("delete element ") || w.startsWith("add element ")), kernel.writes().toString());
        assertFalse(backend.sync(AFTER).changed());
        assertEquals(reads + 2, kernel.reads(), "read by the 20th: the next sync does not read");
    }

    /**
     * An edit the watch missed while changes keep coming: the 20th change goes first, and the overdue read after
     * it finds the edit and heals it in the same sync, with a second element transaction.
     */
    @Test
    void theReadAfterAnOverdueChangeHealsWhatTheWatchMissed() throws BackendException {
        watching();
        backend.sync(BEFORE);
        batch(true);
        for (int i = 1; i < 2 * TableKnowledge.VERIFY_EVERY; i++) {
            assertTrue(backend.sync(i % 2 == 0 ? BEFORE : AFTER).changed());
            batch(true);
        }
        assertTrue(kernel.run("add element inet ip-masq-agent nonmasq-ipv4 { 203.0.113.77/32 }\n").ok());
        batch(false); // missed
        SyncResult r = backend.sync(BEFORE);
        assertEquals("2 set element(s) added, 5 deleted (element transaction); then 0 set element(s) added, 1 deleted "
                + "(element transaction)", r.summary());
        assertEquals("delete element inet ip-masq-agent nonmasq-ipv4 { 203.0.113.77/32 }\n", kernel.writes().getLast());
        assertEquals(freshTable(BEFORE), table());
    }

    @Test
    void withoutAWatchAnyCommittedTransactionMeansARead() throws BackendException {
        backend.sync(BEFORE);
        assertTrue(kernel.run("add table ip unrelated\n").ok());
        int reads = kernel.reads();
        assertFalse(backend.sync(BEFORE).changed());
        assertEquals(reads + 1, kernel.reads());
        assertFalse(backend.sync(BEFORE).changed());
        assertEquals(reads + 1, kernel.reads(), "read at this generation: no need again");
    }

    @Test
    void withAHealthyWatchOtherTablesChangingCauseNoRead() throws BackendException {
        watching();
        backend.sync(BEFORE);
        batch(true); // the echo of our first write
        assertEquals(0, reports.get(), "our own write is not reported");
        assertTrue(kernel.run("add table ip unrelated\n").ok());
        batch(false);
        int reads = kernel.reads();
        assertFalse(backend.sync(BEFORE).changed());
        assertEquals(reads, kernel.reads(), "the watch saw every batch up to now and none touched our table");
        assertEquals(1, kernel.writes().size() - 1, "only the unrelated table was written since");
    }

    /** A foreign element in our set: the watch reports it, the sync reads and deletes just that element. */
    @Test
    void anElementSomeoneAddedToOurSetIsRemovedThroughTheWatch() throws BackendException {
        watching();
        backend.sync(BEFORE);
        batch(true);
        String good = table();
        assertTrue(kernel.run("add element inet ip-masq-agent nonmasq-ipv4 { 203.0.113.0/24 }\n").ok());
        batch(true);
        assertEquals(1, reports.get(), "reported at once");
        int reads = kernel.reads();
        SyncResult healed = backend.sync(BEFORE);
        assertTrue(healed.changed());
        assertEquals(reads + 1, kernel.reads());
        assertEquals("delete element inet ip-masq-agent nonmasq-ipv4 { 203.0.113.0/24 }\n", kernel.writes().getLast());
        assertEquals(good, table());
        batch(true); // the repair's echo
        assertEquals(1, reports.get(), "the repair is ours: not reported");
    }

    /** A chain flushed by someone: structure differs, so the table is rewritten. */
    @Test
    void aForeignEditOfOurChainIsFoundThroughTheWatchAndHealedByARewrite() throws BackendException {
        watching();
        backend.sync(BEFORE);
        batch(true);
        String good = table();
        assertTrue(kernel.run("flush chain inet ip-masq-agent postrouting\n").ok());
        batch(true);
        assertEquals(1, reports.get());
        assertTrue(backend.sync(BEFORE).changed());
        assertEquals(backend.render(BEFORE).payloads().getFirst().text(), kernel.writes().getLast());
        assertEquals(good, table());
    }

    /**
     * An edit the watch missed (the reader saw the batch end but not that it touched our table): the
     * generation moved and the healthy watch vouches for the table, so it is trusted, until the periodic full
     * read finds the drift and heals it.
     */
    @Test
    void anEditTheWatchMissedIsFoundByThePeriodicFullRead() throws BackendException {
        watching();
        backend.sync(BEFORE);
        batch(true);
        String good = table();
        assertTrue(kernel.run("delete element inet ip-masq-agent nonmasq-ipv4 { 192.0.2.0/24 }\n").ok());
        batch(false); // missed
        int syncs = 0;
        boolean healed = false;
        while (!healed) {
            syncs++;
            assertTrue(syncs <= TableKnowledge.VERIFY_EVERY, "never healed");
            healed = backend.sync(BEFORE).changed();
        }
        assertEquals(TableKnowledge.VERIFY_EVERY, syncs, "healed by the tenth sync after the last read");
        assertEquals("add element inet ip-masq-agent nonmasq-ipv4 { 192.0.2.0/24 }\n", kernel.writes().getLast());
        assertEquals(good, table());
    }

    @Test
    void lostEventsMeanARead() throws BackendException {
        watching();
        backend.sync(BEFORE);
        batch(true);
        assertTrue(kernel.run("add table ip unrelated\n").ok());
        watch.lost(); // this batch's events, among others, were dropped
        assertEquals(1, reports.get(), "a loss is reported: the agent syncs at once");
        int reads = kernel.reads();
        assertFalse(backend.sync(BEFORE).changed());
        assertEquals(reads + 1, kernel.reads());
    }

    @Test
    void aWatchThatHasNotCaughtUpMeansARead() throws BackendException {
        watching();
        backend.sync(BEFORE);
        batch(true);
        assertTrue(kernel.run("add table ip unrelated\n").ok()); // not reported yet
        int reads = kernel.reads();
        assertFalse(backend.sync(BEFORE).changed());
        assertEquals(reads + 1, kernel.reads());
    }

    /** The watch must have been subscribed before the read its silence vouches for. */
    @Test
    void aWatchStartedAfterTheLastReadVouchesForNothingUntilTheNextRead() throws BackendException {
        backend.sync(BEFORE);
        watching();
        assertTrue(kernel.run("add table ip unrelated\n").ok());
        batch(false);
        int reads = kernel.reads();
        backend.sync(BEFORE);
        assertEquals(reads + 1, kernel.reads(), "read: the change might have come before the watch started");
        assertTrue(kernel.run("add table ip unrelated2\n").ok());
        batch(false);
        backend.sync(BEFORE);
        assertEquals(reads + 1, kernel.reads(), "now the watch vouches");
    }

    /** Between our decision and our batch someone committed: the guarded batch is refused, we read and retry. */
    @Test
    void anElementTransactionMeantForAnOlderGenerationIsRetriedAfterARead() throws BackendException {
        NftNetlink racing = new NftNetlink() {
            private boolean raced;

            @Override
            public OptionalInt generation() {
                return kernel.generation();
            }

            @Override
            public Commit commit(Transaction tx, OptionalInt generation) {
                if (!raced) {
                    raced = true;
                    assertTrue(kernel.run("add element inet ip-masq-agent nonmasq-ipv4 { 203.0.113.0/24 }\n").ok());
                }
                return kernel.commit(tx, generation);
            }

            @Override
            public void close() {
            }
        };
        NftablesBackend raced = new NftablesBackend(kernel, racing, RulesetWatcher.NONE);
        raced.sync(BEFORE);
        assertTrue(raced.sync(AFTER).changed());
        FakeNftables fresh = new FakeNftables();
        new NftablesBackend(fresh, fresh, RulesetWatcher.NONE).sync(AFTER);
        assertEquals(fresh.run("list table inet ip-masq-agent\n").output(), table(), "the foreign element is gone too");
        assertTrue(kernel.writes().getLast().startsWith("delete element inet ip-masq-agent nonmasq-ipv4 { 192.0.2.0/24,"
                + " 203.0.113.0/24 }\n"), kernel.writes().getLast());
    }

    @Test
    void aChangeTooLargeForOneBatchRewritesTheTable() throws BackendException {
        backend.sync(Policies.manyCidrs(ElementDiff.MAX_CHANGES));
        MasqPolicy other = Policies.of(Policies.V4, Policies.manyCidrs(2 * ElementDiff.MAX_CHANGES).nonMasquerade()
                .subList(ElementDiff.MAX_CHANGES, 2 * ElementDiff.MAX_CHANGES), List.of(),
                false, false, List.of(), true);
        assertTrue(backend.sync(other).changed());
        assertTrue(kernel.writes().getLast().startsWith("add table inet ip-masq-agent\ndelete table"), "rewritten");
    }

    /** A netlink whose commits let the watch report batches while our write is still in flight. */
    private NftNetlink reportingDuring(Runnable afterCommit) {
        return new NftNetlink() {
            @Override
            public OptionalInt generation() {
                return kernel.generation();
            }

            @Override
            public Commit commit(Transaction tx, OptionalInt generation) {
                Commit c = kernel.commit(tx, generation);
                batch(true); // our own echo, read before commit() returned
                afterCommit.run();
                return c;
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void theEchoOfOurWriteReadWhileItIsInFlightIsNotReported() throws BackendException {
        NftablesBackend b = watched(reportingDuring(() -> { }));
        b.watchExternalChanges(reports::incrementAndGet);
        watch.started();
        b.sync(BEFORE);
        batch(true);
        assertTrue(b.sync(AFTER).changed());
        assertEquals(0, reports.get());
    }

    @Test
    void aForeignBatchRightAfterOursWhileOursIsInFlightIsReported() throws BackendException {
        boolean[] once = {false};
        NftablesBackend b = watched(reportingDuring(() -> {
            if (!once[0]) {
                once[0] = true;
                assertTrue(kernel.run("add element inet ip-masq-agent nonmasq-ipv4 { 203.0.113.0/24 }\n").ok());
                batch(true);
            }
        }));
        b.watchExternalChanges(reports::incrementAndGet);
        watch.started();
        b.sync(BEFORE);
        batch(true);
        assertTrue(b.sync(AFTER).changed());
        assertEquals(1, reports.get(), "the foreign batch came after ours");
        int reads = kernel.reads();
        assertTrue(b.sync(AFTER).changed(), "the reported change is read and healed");
        assertEquals(reads + 1, kernel.reads());
        assertEquals("delete element inet ip-masq-agent nonmasq-ipv4 { 203.0.113.0/24 }\n", kernel.writes().getLast());
    }
}
