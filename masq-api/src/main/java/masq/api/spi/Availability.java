package masq.api.spi;

import java.util.Objects;

/**
 * Whether a backend can run on this node, and why (not).
 *
 * @param available true when {@link FirewallBackendProvider#create} is expected to succeed
 * @param detail    what was found or what is missing, e.g. {@code "iptables v1.8.9 (nf_tables)"}
 */
public record Availability(boolean available, String detail) {
    public Availability {
        Objects.requireNonNull(detail, "detail");
    }

    public static Availability available(String detail) {
        return new Availability(true, detail);
    }

    public static Availability unavailable(String detail) {
        return new Availability(false, detail);
    }
}
