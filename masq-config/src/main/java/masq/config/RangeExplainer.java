package masq.config;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Stream;
import masq.api.Cidr;
import masq.api.IpAddress;
import masq.api.IpFamily;
import masq.api.MasqPolicy;

/**
 * Explains a whole range: the policy's verdict can only change where one of its CIDRs starts or ends, so the
 * range is cut at those points and each piece is explained by its first address (every address of a piece is
 * inside the same CIDRs, so it gets the same verdict and rule). Adjacent pieces with the same rule are joined.
 */
public final class RangeExplainer {
    private RangeExplainer() {
    }

    /**
     * A piece of the range and its explanation (given for the piece's first address).
     *
     * @param first       the piece's first address
     * @param last        its last address
     * @param explanation why
     */
    public record Part(IpAddress first, IpAddress last, Explanation explanation) {
        public Part {
            Objects.requireNonNull(explanation, "explanation");
        }

        /** {@code 10.1.0.0/16} when the piece is one CIDR, else {@code 10.0.0.0-10.0.255.255}. */
        public String range() {
            BigInteger size = value(last).subtract(value(first)).add(BigInteger.ONE);
            if (size.bitCount() == 1 && value(first).mod(size).signum() == 0) {
                return new Cidr(first, first.family().bits() - (size.bitLength() - 1)).toString();
            }
            return first + "-" + last;
        }
    }

    /** The pieces of {@code range} in address order; one piece means the same verdict everywhere. */
    public static List<Part> explain(EffectiveConfig config, MasqPolicy policy, Cidr range) {
        BigInteger start = value(range.network());
        BigInteger end = last(range);
        TreeSet<BigInteger> cuts = new TreeSet<>(List.of(start));
        IpFamily family = range.family();
        Stream.of(policy.masquerade(family), policy.nonMasquerade(family), List.of(family.linkLocal()))
                .flatMap(List::stream).forEach(c -> {
                    BigInteger a = value(c.network());
                    BigInteger b = last(c).add(BigInteger.ONE);
                    if (a.compareTo(start) > 0 && a.compareTo(end) <= 0) {
                        cuts.add(a);
                    }
                    if (b.compareTo(start) > 0 && b.compareTo(end) <= 0) {
                        cuts.add(b);
                    }
                });
        List<Part> parts = new ArrayList<>();
        List<BigInteger> points = new ArrayList<>(cuts);
        for (int i = 0; i < points.size(); i++) {
            BigInteger pieceEnd = i + 1 < points.size() ? points.get(i + 1).subtract(BigInteger.ONE) : end;
            IpAddress first = address(family, points.get(i));
            Explanation e = Explainer.explain(config, policy, first);
            if (!parts.isEmpty() && parts.getLast().explanation().rule().equals(e.rule())) {
                Part joined = parts.removeLast();
                parts.add(new Part(joined.first(), address(family, pieceEnd), joined.explanation()));
            } else {
                parts.add(new Part(first, address(family, pieceEnd), e));
            }
        }
        return parts;
    }

    private static BigInteger last(Cidr c) {
        int host = c.family().bits() - c.prefixLength();
        return value(c.network()).add(BigInteger.ONE.shiftLeft(host)).subtract(BigInteger.ONE);
    }

    static BigInteger value(IpAddress a) {
        return new BigInteger(Long.toUnsignedString(a.hi())).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(a.lo())));
    }

    private static IpAddress address(IpFamily family, BigInteger v) {
        return new IpAddress(family, v.shiftRight(64).longValue(), v.longValue());
    }
}
