package masq.backend.nftables;

import java.util.ArrayList;
import java.util.List;

/**
 * An ordered list of operations sent to the kernel as one atomic batch ({@code nft -f -} or one
 * {@code nft_run_cmd_from_buffer} call). {@link #render()} is exactly the text sent: the kernel either
 * commits all of it or none of it.
 */
final class Transaction {

    /** What to do with an object. */
    enum Verb { ADD, DELETE, FLUSH }

    /** One line of the transaction. */
    record Op(Verb verb, NftObject object) {
    }

    private final List<Op> ops = new ArrayList<>();

    Transaction add(NftObject object) {
        ops.add(new Op(Verb.ADD, object));
        return this;
    }

    Transaction delete(NftObject object) {
        ops.add(new Op(Verb.DELETE, object));
        return this;
    }

    Transaction flush(NftObject object) {
        if (!(object instanceof NftObject.Table) && !(object instanceof NftObject.Chain)
                && !(object instanceof NftObject.NftSet)) {
            throw new IllegalArgumentException("cannot flush " + object);
        }
        ops.add(new Op(Verb.FLUSH, object));
        return this;
    }

    List<Op> ops() {
        return List.copyOf(ops);
    }

    boolean isEmpty() {
        return ops.isEmpty();
    }

    /** The exact bytes sent: one command per line, each ending in {@code \n}. */
    String render() {
        StringBuilder sb = new StringBuilder();
        for (Op op : ops) {
            NftSyntax.appendOp(sb, op);
            sb.append('\n');
        }
        return sb.toString();
    }
}
