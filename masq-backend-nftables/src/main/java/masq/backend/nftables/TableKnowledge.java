package masq.backend.nftables;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the backend knows about its table without reading it, and when that may stand in for a read
 * (docs/nftables.md, "When the table is read"). The table as last read or written is known at a ruleset
 * generation; a sync may use it instead of reading when
 * <ul>
 *   <li>the generation has not moved since (no transaction at all was committed, by anyone), or</li>
 *   <li>the watch is healthy (subscribed before that read, no overflow since), has reported every batch up to
 *       the current generation, and none of those batches touched our table;</li>
 * </ul>
 * and in any case the table is read at the {@link #VERIFY_EVERY}th sync after the last read, so that a missed
 * event or a kernel surprise cannot hide drift for long. A sync that has a change to make goes first (the
 * read is then the next sync's); when syncs keep bringing changes, the {@code 2 * VERIFY_EVERY}th applies its
 * change and reads right after it, in the same sync. No change waits for a 10 000-element read. Generations
 * are compared modulo 2<sup>32</sup>.
 *
 * <p>Thread-safe: the sync thread and the watch thread both call it.
 */
final class TableKnowledge {

    /** Every 10th sync reads the table whatever the signals say: with the default 60 s resync, every 10 minutes. */
    static final int VERIFY_EVERY = 10;

    /** The table's content (empty: no table); null when unknown. */
    private Optional<Ruleset> table;
    private OptionalInt generation = OptionalInt.empty();
    private int syncsSinceRead;
    /** Changes on every start, loss or stop of the watch; a read remembers the value it started with. */
    private long watchEpoch;
    private boolean watchActive;
    /** The watch was active since before the last read and lost nothing since. */
    private boolean watching;
    private OptionalInt seen = OptionalInt.empty();
    /** The latest generation whose batch touched our table and was not ours, if any is newer than what we know. */
    private OptionalInt foreign = OptionalInt.empty();
    private boolean writing;
    /** The latest batch that touched the table during our write (batches are reported in order). */
    private OptionalInt touchedWhileWriting = OptionalInt.empty();

    /**
     * What the generation and the watch vouch for.
     *
     * @param table     the table's content (empty: no table)
     * @param verifyDue the periodic read is due: read now unless there is a change to make first
     * @param overdue   the read was put off for changes long enough: read right after this sync's change
     */
    record Known(Optional<Ruleset> table, boolean verifyDue, boolean overdue) {
    }

    /**
     * The table to use without reading it, or empty when this sync must read. Counts the sync.
     *
     * @param current the generation now, when it could be asked
     */
    synchronized Optional<Known> withoutReading(OptionalInt current) {
        ++syncsSinceRead;
        if (table == null || current.isEmpty() || generation.isEmpty()) {
            return Optional.empty();
        }
        boolean due = syncsSinceRead >= VERIFY_EVERY;
        boolean overdue = syncsSinceRead >= 2 * VERIFY_EVERY;
        int now = current.getAsInt();
        if (now == generation.getAsInt()) {
            return Optional.of(new Known(table, due, overdue));
        }
        if (watching && seen.isPresent() && now - seen.getAsInt() <= 0 && foreign.isEmpty()) {
            generation = current;
            return Optional.of(new Known(table, due, overdue));
        }
        return Optional.empty();
    }

    /** Call before reading the table; hand the result to {@link #read}. */
    synchronized long readStarting() {
        return watchActive ? watchEpoch : -1;
    }

    /**
     * The table as read.
     *
     * @param at    the generation the listing shows, when it is certain (unchanged across the read)
     * @param token what {@link #readStarting} returned before the read
     */
    synchronized void read(Optional<Ruleset> content, OptionalInt at, long token) {
        table = content;
        generation = at;
        syncsSinceRead = 0;
        watching = token >= 0 && token == watchEpoch && watchActive;
        if (foreign.isPresent() && at.isPresent() && foreign.getAsInt() - at.getAsInt() <= 0) {
            foreign = OptionalInt.empty(); // the read saw that change
        }
    }

    /** Our write starts: batches touching the table are held until {@link #written} says which one was ours. */
    synchronized void writeStarting() {
        writing = true;
        touchedWhileWriting = OptionalInt.empty();
    }

    /**
     * Our write committed.
     *
     * @param content what the table holds now
     * @param at      the generation our commit created, when certain
     * @return whether a batch that was not ours touched the table meanwhile (report it)
     */
    synchronized boolean written(Optional<Ruleset> content, OptionalInt at) {
        writing = false;
        table = content;
        generation = at;
        OptionalInt touched = touchedWhileWriting;
        touchedWhileWriting = OptionalInt.empty();
        // At or before ours: ours, or replaced by our rewrite (an element batch is guarded by the generation).
        if (touched.isPresent() && (at.isEmpty() || touched.getAsInt() - at.getAsInt() > 0)) {
            foreign = touched;
            return true;
        }
        return false;
    }

    /** Nothing is known any more (a write failed, the table was deleted by cleanup's caller, ...). */
    synchronized void forget() {
        writing = false;
        touchedWhileWriting = OptionalInt.empty();
        table = null;
        generation = OptionalInt.empty();
    }

    synchronized void watchStarted() {
        watchActive = true;
        watchEpoch++;
    }

    /** @return whether to report the batch (it was not ours, and not already seen by a read) */
    synchronized boolean touched(int at) {
        if (writing) {
            touchedWhileWriting = OptionalInt.of(at);
            return false;
        }
        if (table != null && generation.isPresent() && at - generation.getAsInt() <= 0) {
            return false;
        }
        foreign = OptionalInt.of(at);
        return true;
    }

    synchronized void seen(int at) {
        seen = OptionalInt.of(at);
    }

    synchronized void watchLost() {
        watching = false;
        watchEpoch++;
    }

    synchronized void watchStopped() {
        watchActive = false;
        watching = false;
        watchEpoch++;
    }
}
