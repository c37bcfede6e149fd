package masq.backend.iptables;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

import masq.api.Cidr;
import masq.api.PortRange;

/**
 * One rule of the agent's chain, as a value with two spellings: {@link #restoreSpec()} is what we send
 * (the Go original's token order, byte for byte) and {@link #savedSpec()} is how {@code iptables-save}
 * prints the same rule back (addresses and protocol first, then matches, then the target and its options
 * in the extension's own order). Comparing saved specs is how a sync sees that nothing needs writing.
 *
 * @param comment      the rule comment (one of {@link Comments})
 * @param destination  {@code -d}, if any
 * @param protocol     {@code -p}, if any
 * @param probability  {@code -m statistic --mode random --probability}, if any
 * @param toPorts      MASQUERADE {@code --to-ports}, if any
 * @param masquerade   {@code -j MASQUERADE} when true, else {@code -j RETURN}
 * @param randomFully  MASQUERADE {@code --random-fully}
 */
record MasqRule(String comment, Optional<Cidr> destination, Optional<String> protocol,
                OptionalDouble probability, Optional<PortRange> toPorts, boolean masquerade, boolean randomFully) {

    /** The xt_statistic match stores the probability as a 31-bit fraction of 2^31. */
    private static final double STATISTIC_SCALE = 0x80000000L;

    static MasqRule ret(String comment, Cidr destination) {
        return new MasqRule(comment, Optional.of(destination), Optional.empty(), OptionalDouble.empty(),
                Optional.empty(), false, false);
    }

    /** Tokens in the Go original's order: comment, -d, target, then -p, statistic, --to-ports. */
    List<String> restoreSpec() {
        List<String> t = new ArrayList<>(List.of("-m", "comment", "--comment", quote(comment)));
        destination.ifPresent(d -> t.addAll(List.of("-d", d.toString())));
        t.addAll(List.of("-j", masquerade ? "MASQUERADE" : "RETURN"));
        if (randomFully) {
            t.add("--random-fully");
        }
        protocol.ifPresent(p -> t.addAll(List.of("-p", p)));
        if (probability.isPresent()) {
            t.addAll(List.of("-m", "statistic", "--mode", "random", "--probability", goFloat(probability.getAsDouble())));
        }
        toPorts.ifPresent(r -> t.addAll(List.of("--to-ports", r.toString())));
        return t;
    }

    /** Tokens as iptables-save prints them (checked against iptables 1.8.9, legacy and nft). */
    List<String> savedSpec() {
        List<String> t = new ArrayList<>();
        destination.ifPresent(d -> t.addAll(List.of("-d", d.toString())));
        protocol.ifPresent(p -> t.addAll(List.of("-p", p)));
        t.addAll(List.of("-m", "comment", "--comment", quote(comment)));
        if (probability.isPresent()) {
            t.addAll(List.of("-m", "statistic", "--mode", "random", "--probability", savedProbability(probability.getAsDouble())));
        }
        t.addAll(List.of("-j", masquerade ? "MASQUERADE" : "RETURN"));
        toPorts.ifPresent(r -> t.addAll(List.of("--to-ports", r.toString())));
        if (randomFully) {
            t.add("--random-fully");
        }
        return t;
    }

    /** Go's {@code strconv.FormatFloat(p, 'f', -1, 64)}: shortest round-trip digits, never an exponent. */
    static String goFloat(double p) {
        // stripTrailingZeros: Double.toString(1e-4) is "1.0E-4", whose plain form "0.00010" Go writes "0.0001"
        return new BigDecimal(Double.toString(p)).stripTrailingZeros().toPlainString();
    }

    /**
     * What iptables-save prints: libxt_statistic keeps {@code lround(p * 2^31)} and prints it back with
     * {@code %.11f}; glibc rounds the exact binary value, so BigDecimal of the double, half-even.
     */
    static String savedProbability(double p) {
        double stored = Math.round(p * STATISTIC_SCALE) / STATISTIC_SCALE;
        return new BigDecimal(stored).setScale(11, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** iptables-restore reads {@code "..."} as one token with {@code \"} for a quote inside. */
    static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
