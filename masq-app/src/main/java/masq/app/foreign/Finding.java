package masq.app.foreign;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import masq.api.Cidr;

/**
 * A rule of someone else's that masquerades or SNATs traffic at the nat postrouting hook.
 *
 * @param kind       who most likely wrote it
 * @param where      ruleset, table, chain and priority: {@code iptables-nft nat/POSTROUTING rule 3 -> CNI-1a2b}
 * @param rule       the rule as its tool lists it
 * @param order      when it runs relative to our rules
 * @param shadowed   the destinations we exempt that it still masquerades; empty: it does not touch our policy
 * @param conditions what must also hold for a pod's packet (its source, output interface...), empty if nothing
 */
public record Finding(ForeignKind kind, String where, String rule, Order order, List<Cidr> shadowed,
                      List<String> conditions) {
    public Finding {
        Objects.requireNonNull(kind, "kind");
        shadowed = List.copyOf(shadowed);
        conditions = List.copyOf(conditions);
    }

    /** When a foreign rule runs relative to ours. */
    public enum Order {
        FIRST("runs first"),
        AFTER("runs after our rules; an exemption only skips our MASQUERADE, a later one still applies"),
        SAME_PRIORITY("same hook priority as ours in another ruleset: the order is not defined"),
        UNKNOWN("our jump is not in this ruleset: order unknown");

        private final String text;

        Order(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /** Whether it changes what our policy does: it masquerades some destination we exempt. */
    public boolean conflict() {
        return !shadowed.isEmpty();
    }

    /** {@code where rule: text (who)}. */
    public String describe() {
        return where + ": " + rule.strip() + " (" + kind.who() + ")";
    }

    /** The warning: the rule and what it means for our policy. */
    public String consequence() {
        if (!conflict()) {
            return describe() + " masquerades none of the destinations you exempt; not a conflict";
        }
        return "destinations in " + shadowed.stream().map(Cidr::toString).collect(Collectors.joining(", "))
                + " that you exempt are still masqueraded by " + describe() + when() + " (" + order.text() + ")";
    }

    /** The line {@code explain} prints for a destination this rule masquerades. */
    public String explainLine() {
        return "also masqueraded by " + describe() + when() + " (" + order.text() + ")";
    }

    /** {@code  for packets matching -s 172.17.0.0/16, ! -o docker0}, or nothing. */
    String when() {
        return conditions.isEmpty() ? "" : " for packets matching " + String.join(", ", conditions);
    }
}
