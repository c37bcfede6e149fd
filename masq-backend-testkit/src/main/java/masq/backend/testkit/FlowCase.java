package masq.backend.testkit;

import java.util.Objects;
import masq.api.IpAddress;

/**
 * One row of the shared destination table: for a policy, is traffic to this destination masqueraded?
 *
 * @param name        what the row proves, for test names
 * @param destination an IPv4 or IPv6 address
 * @param masquerade  true when the source address must be rewritten to the node's
 */
public record FlowCase(String name, String destination, boolean masquerade) {
    public FlowCase {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(destination, "destination");
    }

    /** The destination, parsed. */
    public IpAddress address() {
        return IpAddress.parse(destination);
    }

    @Override
    public String toString() {
        return name + ": " + destination + " -> " + (masquerade ? "masquerade" : "keep pod address");
    }
}
