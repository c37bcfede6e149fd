package masq.api;

/**
 * An IP address family. Everything that differs between IPv4 and IPv6 is a field here, so code that
 * handles both takes a family as a parameter instead of being written twice.
 */
public enum IpFamily {
    IPV4("IPv4", 32, "169.254.0.0/16"),
    IPV6("IPv6", 128, "fe80::/10");

    private final String displayName;
    private final int bits;
    private final String linkLocal;

    IpFamily(String displayName, int bits, String linkLocal) {
        this.displayName = displayName;
        this.bits = bits;
        this.linkLocal = linkLocal;
    }

    /** Address width in bits: 32 or 128. */
    public int bits() {
        return bits;
    }

    /** The link-local range, exempt from masquerade unless {@code masqLinkLocal}/{@code masqLinkLocalIPv6}. */
    public Cidr linkLocal() {
        return Cidr.parse(linkLocal);
    }

    /** "IPv4" or "IPv6", for messages. */
    public String displayName() {
        return displayName;
    }

    @Override
    public String toString() {
        return displayName;
    }
}
