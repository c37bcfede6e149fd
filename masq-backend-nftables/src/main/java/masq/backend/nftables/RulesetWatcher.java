package masq.backend.nftables;

/** Tells the backend which committed batches touched a table; see {@link NetlinkRulesetWatcher}. */
interface RulesetWatcher {

    /** Watches nothing: for tests driven by a fake kernel, and when no netlink socket can be opened. */
    RulesetWatcher NONE = (table, events) -> () -> { };

    /** What the watch reports, from its own thread, in the kernel's order. */
    interface Events {
        /** Subscribed: every batch committed from now on will be reported. */
        void started();

        /** The batch that created generation {@code generation} touched the table (reported before {@link #seen}). */
        void touched(int generation);

        /** Every batch up to generation {@code generation} has been reported. */
        void seen(int generation);

        /** Events were lost (the socket's queue overflowed): silence proves nothing until the table is read again. */
        void lost();

        /** The watch ended (closed, or its socket failed): nothing more will be reported. */
        void stopped();
    }

    /**
     * Starts watching.
     *
     * @return stops watching
     */
    AutoCloseable watch(NftObject.TableRef table, Events events);
}
