package masq.api;

import java.util.Objects;

/**
 * An IPv4 or IPv6 address held as 128 bits ({@code hi}, {@code lo}); IPv4 uses the low 32 bits of
 * {@code lo}. Parsing is strict and never resolves names: a host name is an error, not a DNS lookup.
 *
 * @param family the address family
 * @param hi     the high 64 bits (always 0 for IPv4)
 * @param lo     the low 64 bits
 */
public record IpAddress(IpFamily family, long hi, long lo) implements Comparable<IpAddress> {

    public IpAddress {
        Objects.requireNonNull(family, "family");
        if (family == IpFamily.IPV4 && (hi != 0 || (lo >>> 32) != 0)) {
            throw new IllegalArgumentException("IPv4 address out of range");
        }
    }

    /**
     * Parses dotted-quad IPv4 (decimal, no leading zeros, as Go's {@code net.ParseIP}) or IPv6 text
     * (RFC 4291 forms, including {@code ::} and a trailing dotted quad). Zones ({@code %eth0}) are rejected.
     *
     * @throws IllegalArgumentException if the text is not an address
     */
    public static IpAddress parse(String text) {
        Objects.requireNonNull(text, "text");
        IpAddress parsed = text.indexOf(':') >= 0 ? AddressText.parseV6(text) : AddressText.parseV4(text);
        if (parsed == null) {
            throw new IllegalArgumentException("invalid IP address: " + text);
        }
        return parsed;
    }

    /** The address with all but the first {@code prefixLength} bits cleared. */
    public IpAddress mask(int prefixLength) {
        checkPrefix(family, prefixLength);
        int hostBits = family.bits() - prefixLength;
        long newHi = hi;
        long newLo = lo;
        if (hostBits >= 64) {
            newLo = 0;
            newHi = hostBits >= 128 ? 0 : hi & (-1L << (hostBits - 64));
        } else if (hostBits > 0) {
            newLo = lo & (-1L << hostBits);
        }
        return new IpAddress(family, newHi, newLo);
    }

    static void checkPrefix(IpFamily family, int prefixLength) {
        if (prefixLength < 0 || prefixLength > family.bits()) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range for " + family);
        }
    }

    @Override
    public int compareTo(IpAddress o) {
        int c = family.compareTo(o.family);
        if (c != 0) {
            return c;
        }
        c = Long.compareUnsigned(hi, o.hi);
        return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
    }

    /**
     * Written out instead of the record's generated equality: that goes through method handles, which the
     * agent's C1-only JIT does not inline, and every CIDR map and set (10 000 entries) hashes addresses.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress a && a.lo == lo && a.hi == hi && a.family == family;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(hi * 31 + lo) * 31 + family.ordinal();
    }

    /** Canonical text: dotted quad, or RFC 5952 IPv6 (lower case, longest zero run compressed). */
    @Override
    public String toString() {
        return family == IpFamily.IPV4 ? AddressText.formatV4(lo) : AddressText.formatV6(hi, lo);
    }
}
