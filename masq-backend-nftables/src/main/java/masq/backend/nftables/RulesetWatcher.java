package masq.backend.nftables;

/** Tells the backend when someone changed a table; see {@link NetlinkRulesetWatcher}. */
interface RulesetWatcher {

    /** Watches nothing: for tests driven by a fake kernel, and when no netlink socket can be opened. */
    RulesetWatcher NONE = (table, onChange) -> () -> { };

    /**
     * Starts watching.
     *
     * @param onChange called from the watcher's thread when {@code table} was touched
     * @return stops watching
     */
    AutoCloseable watch(NftObject.TableRef table, Runnable onChange);
}
