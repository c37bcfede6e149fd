package masq.app.foreign;

import java.io.IOException;
import java.util.Optional;
import masq.api.IpFamily;

/** Reads the node's nat rules as the tools print them. Read only: never creates a table by reading it. */
public interface NatReader {

    /**
     * {@code iptables-save -t nat} of one ruleset and family.
     *
     * @param ruleset {@code iptables-legacy} or {@code iptables-nft}
     * @return empty when that ruleset has no nat table (or its tool is not installed)
     */
    Optional<String> iptablesNat(String ruleset, IpFamily family) throws IOException;

    /** {@code nft list ruleset}; empty when nft is not installed. */
    Optional<String> nftRuleset() throws IOException;
}
