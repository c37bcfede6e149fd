package masq.config;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;

/**
 * Go's {@code time.ParseDuration} and {@code Duration.String}, so {@code resyncInterval} accepts and prints
 * exactly what the Go originals do ({@code 60s}, {@code 1m30s}, {@code 1.5h}, {@code 300ms}). Syntax:
 * an optional sign, then one or more {@code <decimal number><unit>} with units ns, us, µs, ms, s, m, h.
 * Messages repeat Go's ({@code time: missing unit in duration "60"}).
 */
final class GoDuration {
    /** Go keeps durations as signed 64-bit nanoseconds; 1<<63 is the magnitude limit (only for negatives). */
    private static final BigInteger LIMIT = BigInteger.ONE.shiftLeft(63);
    private static final Map<String, Long> UNITS = Map.of(
            "ns", 1L, "us", 1_000L, "\u00b5s", 1_000L, "\u03bcs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    private GoDuration() {
    }

    /**
     * Parses Go duration text; the result may be zero or negative (the caller decides what it accepts).
     *
     * @throws IllegalArgumentException with Go's message when the text is not a duration
     */
    static Duration parse(String text) {
        String s = text;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO; // Go's special case: a bare 0 needs no unit
        }
        if (s.isEmpty()) {
            throw invalid(text);
        }
        BigInteger total = BigInteger.ZERO;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (!(c == '.' || isDigit(c))) {
                throw invalid(text);
            }
            int start = i;
            while (i < s.length() && isDigit(s.charAt(i))) {
                i++;
            }
            boolean pre = i > start;
            BigInteger whole = pre ? new BigInteger(s.substring(start, i)) : BigInteger.ZERO;
            if (whole.compareTo(LIMIT) > 0) {
                throw invalid(text);
            }
            String fraction = "";
            boolean post = false;
            if (i < s.length() && s.charAt(i) == '.') {
                int fracStart = ++i;
                while (i < s.length() && isDigit(s.charAt(i))) {
                    i++;
                }
                fraction = s.substring(fracStart, i);
                post = !fraction.isEmpty();
            }
            if (!pre && !post) {
                throw invalid(text);
            }
            int unitStart = i;
            while (i < s.length() && s.charAt(i) != '.' && !isDigit(s.charAt(i))) {
                i++;
            }
            if (i == unitStart) {
                throw new IllegalArgumentException("time: missing unit in duration " + quote(text));
            }
            String unitText = s.substring(unitStart, i);
            Long unit = UNITS.get(unitText);
            if (unit == null) {
                throw new IllegalArgumentException("time: unknown unit " + quote(unitText) + " in duration "
                        + quote(text));
            }
            BigInteger value = whole.multiply(BigInteger.valueOf(unit));
            if (value.compareTo(LIMIT) > 0) {
                throw invalid(text);
            }
            value = value.add(BigInteger.valueOf(fractionNanos(fraction, unit)));
            total = total.add(value);
            if (value.compareTo(LIMIT) > 0 || total.compareTo(LIMIT) > 0) {
                throw invalid(text);
            }
        }
        if (!negative && total.compareTo(LIMIT) >= 0) {
            throw invalid(text);
        }
        BigInteger nanos = negative ? total.negate() : total;
        return Duration.ofNanos(nanos.longValueExact());
    }

    /** Go's {@code leadingFraction} scaled by the unit in float64, digits past 63 bits ignored, as Go does. */
    private static long fractionNanos(String digits, long unit) {
        long f = 0;
        double scale = 1;
        for (int k = 0; k < digits.length(); k++) {
            if (f > (Long.MAX_VALUE - 9) / 10) {
                break;
            }
            f = f * 10 + (digits.charAt(k) - '0');
            scale *= 10;
        }
        return f == 0 ? 0 : (long) ((double) f * ((double) unit / scale));
    }

    /** Go's {@code Duration.String}: {@code 1h0m0s}, {@code 1m30s}, {@code 1.5s}, {@code 300ms}, {@code 0s}. */
    static String format(Duration duration) {
        long nanos = duration.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        BigInteger u = BigInteger.valueOf(nanos).abs();
        if (u.compareTo(BigInteger.valueOf(1_000_000_000L)) < 0) {
            long v = u.longValue();
            if (v < 1_000) {
                return sign + v + "ns";
            }
            if (v < 1_000_000) {
                return sign + fraction(v, 3) + "\u00b5s";
            }
            return sign + fraction(v, 6) + "ms";
        }
        BigInteger[] secAndNanos = u.divideAndRemainder(BigInteger.valueOf(1_000_000_000L));
        long seconds = secAndNanos[0].longValue();
        String frac = fractionDigits(secAndNanos[1].longValue(), 9);
        StringBuilder sb = new StringBuilder(sign);
        long minutes = seconds / 60;
        if (minutes > 0) {
            long hours = minutes / 60;
            if (hours > 0) {
                sb.append(hours).append('h');
            }
            sb.append(minutes % 60).append('m');
        }
        return sb.append(seconds % 60).append(frac).append('s').toString();
    }

    private static String fraction(long v, int digits) {
        long pow = (long) Math.pow(10, digits);
        return (v / pow) + fractionDigits(v % pow, digits);
    }

    /** {@code .123} without trailing zeros, or nothing when the fraction is zero. */
    private static String fractionDigits(long remainder, int digits) {
        if (remainder == 0) {
            return "";
        }
        String s = String.format("%0" + digits + "d", remainder).replaceAll("0+$", "");
        return "." + s;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("time: invalid duration " + quote(text));
    }

    /** Go's {@code time.quote}: double quotes, with backslash and quote escaped. */
    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
