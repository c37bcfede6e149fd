package masq.backend.nftables;

import masq.backend.nftables.NftObject.Chain;
import masq.backend.nftables.NftObject.Element;
import masq.backend.nftables.NftObject.NftSet;
import masq.backend.nftables.NftObject.Rule;
import masq.backend.nftables.NftObject.Table;

/**
 * Writes operations in nft's command syntax. Objects are validated on construction, so this only
 * concatenates checked values. Deleting needs only the object's identity (the kernel refuses a delete
 * with a body), so a delete prints no properties.
 */
final class NftSyntax {

    private NftSyntax() {
    }

    static void appendOp(StringBuilder sb, Transaction.Op op) {
        sb.append(switch (op.verb()) {
            case ADD -> "add ";
            case DELETE -> "delete ";
            case FLUSH -> "flush ";
        });
        boolean withBody = op.verb() == Transaction.Verb.ADD;
        switch (op.object()) {
            case Table t -> {
                sb.append("table ").append(t.table());
                if (withBody && t.comment().isPresent()) {
                    sb.append(" { comment ").append(quote(t.comment().get())).append("; }");
                }
            }
            case Chain c -> {
                sb.append("chain ").append(c.table()).append(' ').append(c.name());
                if (withBody && c.base().isPresent()) {
                    sb.append(" { ").append(c.base().get()).append(" }");
                }
            }
            case NftSet s -> {
                sb.append("set ").append(s.table()).append(' ').append(s.name());
                if (withBody) {
                    sb.append(" { type ").append(s.type()).append(';');
                    if (!s.flags().isEmpty()) {
                        sb.append(" flags ").append(String.join(",", s.flags())).append(';');
                    }
                    s.comment().ifPresent(cm -> sb.append(" comment ").append(quote(cm)).append(';'));
                    if (!s.elements().isEmpty()) {
                        sb.append(" elements = { ").append(String.join(", ", s.elements())).append(" };");
                    }
                    sb.append(" }");
                }
            }
            case Element e -> sb.append("element ").append(e.table()).append(' ').append(e.set())
                    .append(" { ").append(String.join(", ", e.values())).append(" }");
            case Rule r -> {
                if (op.verb() != Transaction.Verb.ADD) {
                    throw new IllegalArgumentException("rules are only added; chains are flushed or deleted");
                }
                sb.append("rule ").append(r.table()).append(' ').append(r.chain()).append(' ').append(r.body());
                r.comment().ifPresent(cm -> sb.append(" comment ").append(quote(cm)));
            }
        }
    }

    static String quote(String comment) {
        return '"' + comment + '"';
    }
}
