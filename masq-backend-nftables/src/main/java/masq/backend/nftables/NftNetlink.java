package masq.backend.nftables;

import java.util.OptionalInt;
import masq.api.spi.BackendException;

/**
 * The cheap side of nf_tables, next to {@link NftExecutor}: the ruleset generation, and element-only
 * transactions that do not make nft fetch the whole interval set first (libnftables 1.0.6 lists every
 * element of an interval set before it adds or deletes one: 35-65 ms at 10 000 elements, measured).
 * {@link NetlinkNftables} speaks netlink itself; {@link #viaText} is the fallback when that socket cannot
 * be opened.
 */
interface NftNetlink extends AutoCloseable {

    /** How an element transaction ended. */
    enum Status {
        /** Applied, as one atomic transaction. */
        COMMITTED,
        /** Not applied: the ruleset changed since the generation it was meant for. */
        STALE,
        /** Not applied: the kernel refused it (an element missing or present, a set gone). */
        REJECTED
    }

    /**
     * @param generation the generation the commit created (the one it was meant for plus one), when known
     * @param error      why it was refused, for {@link Status#REJECTED}
     */
    record Commit(Status status, OptionalInt generation, String error) {
    }

    /**
     * {@code NFT_MSG_GETGEN}: the generation of this network namespace's nf_tables ruleset, which every
     * committed transaction (ours or anyone's, in any table) advances. Empty when it cannot be asked.
     */
    OptionalInt generation() throws BackendException;

    /**
     * Applies {@code tx} (only {@code add element}/{@code delete element}) as one atomic transaction, if the
     * ruleset is still at {@code generation} (when given).
     *
     * @throws BackendException when the kernel could not be asked at all
     */
    Commit commit(Transaction tx, OptionalInt generation) throws BackendException;

    @Override
    void close();

    /** Through nft text: no generation, and no guard (the caller then always reads the table first). */
    static NftNetlink viaText(NftExecutor nft) {
        return new NftNetlink() {
            @Override
            public OptionalInt generation() {
                return OptionalInt.empty();
            }

            @Override
            public Commit commit(Transaction tx, OptionalInt generation) throws BackendException {
                NftExecutor.Result r = nft.run(tx.render());
                return r.ok() ? new Commit(Status.COMMITTED, OptionalInt.empty(), "")
                        : new Commit(Status.REJECTED, OptionalInt.empty(), r.error());
            }

            @Override
            public void close() {
            }
        };
    }
}
