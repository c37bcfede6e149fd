package masq.api;

import java.util.Objects;

/**
 * A network prefix whose host bits are all zero, like {@code 10.0.0.0/8} or {@code fd00::/8}.
 * Always aligned: {@link #parse} rejects {@code 10.0.0.1/8} and says which network was meant.
 * Its text form is canonical ({@code FC00::/7} and {@code 10.0.0.0/08} print as {@code fc00::/7} and
 * {@code 10.0.0.0/8}).
 *
 * @param network      the first address of the range
 * @param prefixLength the number of leading bits fixed, 0 to 32 (IPv4) or 0 to 128 (IPv6)
 */
public record Cidr(IpAddress network, int prefixLength) implements Comparable<Cidr> {

    public Cidr {
        Objects.requireNonNull(network, "network");
        IpAddress.checkPrefix(network.family(), prefixLength);
        if (!network.mask(prefixLength).equals(network)) {
            throw new IllegalArgumentException("host bits set in " + network + "/" + prefixLength);
        }
    }

    /**
     * Parses {@code address/length}. The length is decimal digits only (leading zeros allowed, as Go's
     * {@code net.ParseCIDR} allows them); no spaces, signs or zones.
     *
     * @throws InvalidCidrException if the text is not a CIDR or has host bits set
     */
    public static Cidr parse(String text) {
        Objects.requireNonNull(text, "text");
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw InvalidCidrException.syntax(text);
        }
        IpAddress address;
        try {
            address = IpAddress.parse(text.substring(0, slash));
        } catch (IllegalArgumentException e) {
            throw InvalidCidrException.syntax(text);
        }
        String len = text.substring(slash + 1);
        if (len.isEmpty() || len.length() > 3) {
            throw InvalidCidrException.syntax(text);
        }
        for (int i = 0; i < len.length(); i++) {
            if (len.charAt(i) < '0' || len.charAt(i) > '9') {
                throw InvalidCidrException.syntax(text);
            }
        }
        int prefix = Integer.parseInt(len);
        if (prefix > address.family().bits()) {
            throw InvalidCidrException.syntax(text);
        }
        IpAddress network = address.mask(prefix);
        if (!network.equals(address)) {
            throw InvalidCidrException.hostBits(text, address, new Cidr(network, prefix));
        }
        return new Cidr(network, prefix);
    }

    public IpFamily family() {
        return network.family();
    }

    /** True when {@code address} lies inside this range. */
    public boolean contains(IpAddress address) {
        return address.family() == family() && address.mask(prefixLength).equals(network);
    }

    /** True when every address of {@code other} lies inside this range (a range contains itself). */
    public boolean contains(Cidr other) {
        return other.family() == family() && other.prefixLength >= prefixLength && contains(other.network);
    }

    /** Written out for speed, like {@link IpAddress#equals}. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefixLength == prefixLength && c.network.equals(network);
    }

    @Override
    public int hashCode() {
        return network.hashCode() * 131 + prefixLength;
    }

    /** Canonical {@code address/length}. */
    @Override
    public String toString() {
        return network + "/" + prefixLength;
    }

    @Override
    public int compareTo(Cidr o) {
        int c = network.compareTo(o.network);
        return c != 0 ? c : Integer.compare(prefixLength, o.prefixLength);
    }
}
