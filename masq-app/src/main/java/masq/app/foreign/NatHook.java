package masq.app.foreign;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import masq.api.IpFamily;

/**
 * One base chain at the nat postrouting hook, with the chains it can jump to: iptables' nat/POSTROUTING of
 * one ruleset and family, or one nftables chain of type nat at hook postrouting.
 *
 * @param ruleset  {@code iptables-legacy}, {@code iptables-nft} or {@code nftables}
 * @param family   the family it sees; empty for an nftables {@code inet} table (both)
 * @param table    {@code nat}, or {@code inet filter}-style for nftables
 * @param chain    the base chain
 * @param priority its hook priority (iptables' nat POSTROUTING is 100, nft's {@code srcnat})
 * @param chains   every chain of the table by name, the base chain included
 */
record NatHook(String ruleset, Optional<IpFamily> family, String table, String chain, int priority,
               Map<String, List<NatRule>> chains) {
    /** The priority of iptables' nat POSTROUTING and of nft's {@code srcnat}, where our rules are. */
    static final int SRCNAT = 100;

    NatHook {
        Objects.requireNonNull(ruleset, "ruleset");
        chains = Map.copyOf(chains);
    }

    List<NatRule> base() {
        return chains.getOrDefault(chain, List.of());
    }

    boolean iptables() {
        return ruleset.startsWith("iptables");
    }

    /** {@code iptables-nft nat/POSTROUTING} or {@code nftables inet foo/postrouting (priority -100)}. */
    String describe() {
        return ruleset + " " + table + "/" + chain + (iptables() ? "" : " (priority " + priority + ")");
    }
}
