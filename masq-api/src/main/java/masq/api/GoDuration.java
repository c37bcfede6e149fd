package masq.api;

import java.time.Duration;

/**
 * Go's durations, implemented once for every module: read as {@code time.ParseDuration} reads them and
 * printed as {@code Duration.String} prints them. The flag ({@code --resync-interval}) and the config files
 * ({@code resyncInterval}) both parse here, so the same text never means two different things.
 */
public final class GoDuration {
    /**
     * Longer text is refused before it is parsed. Go has no such limit, but nothing useful needs more: a
     * fraction stops adding precision after 19 digits, so no valid duration needs more than about 60
     * characters unless it repeats parts ({@code 1s1s1s…}).
     */
    public static final int MAX_LENGTH = 256;
    private static final long LIMIT = Long.MIN_VALUE; // 1<<63 as an unsigned 64-bit value

    private GoDuration() {
    }

    /**
     * Parses Go duration text: an optional sign, then one or more {@code <decimal number><unit>} with units
     * {@code ns}, {@code us}, {@code µs} (U+00B5 or U+03BC), {@code ms}, {@code s}, {@code m}, {@code h};
     * {@code 0} alone needs no unit. The value may be zero or negative: the caller decides what it accepts.
     * One pass over the text, like Go: an integer part fails as soon as it overflows.
     *
     * <p>One deliberate difference: Go adds the parts in unsigned 64 bits, so two parts of exactly 2^63 ns
     * wrap around to 0 ({@code "9223372036854775808ns9223372036854775808ns"} is 0s in Go); here that is an
     * overflow, reported as an invalid duration.
     *
     * @throws IllegalArgumentException with Go's message ({@code time: missing unit in duration "60"}), or for
     *                                  text longer than {@link #MAX_LENGTH}
     */
    public static Duration parse(String text) {
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("invalid duration: " + text.length() + " characters, more than "
                    + MAX_LENGTH);
        }
        Cursor s = new Cursor(text);
        boolean negative = false;
        if (s.more() && (s.peek() == '-' || s.peek() == '+')) {
            negative = s.next() == '-';
        }
        if (text.substring(s.at).equals("0")) {
            return Duration.ZERO; // Go's special case: a bare 0 needs no unit
        }
        if (!s.more()) {
            throw invalid(text);
        }
        long total = 0; // unsigned, at most 1<<63
        while (s.more()) {
            total = add(text, total, part(text, s));
        }
        if (negative) {
            return Duration.ofNanos(-total); // -(1<<63) is Long.MIN_VALUE itself
        }
        if (total < 0) { // exactly 1<<63: only its negation fits
            throw invalid(text);
        }
        return Duration.ofNanos(total);
    }

    /** One {@code <number><unit>} part in nanoseconds (unsigned, at most 1<<63). */
    private static long part(String text, Cursor s) {
        if (!(s.peek() == '.' || isDigit(s.peek()))) {
            throw invalid(text);
        }
        int start = s.at;
        long whole = s.leadingInt();
        if (whole == -1) { // unsigned 2^64-1: the integer part overflowed
            throw invalid(text);
        }
        boolean pre = s.at != start;
        boolean post = false;
        if (s.more() && s.peek() == '.') {
            s.next();
            int fractionStart = s.at;
            s.leadingFraction();
            post = s.at != fractionStart;
        }
        if (!pre && !post) {
            throw invalid(text); // no digits, e.g. ".s" or "-.s"
        }
        int unitStart = s.at;
        while (s.more() && s.peek() != '.' && !isDigit(s.peek())) {
            s.next();
        }
        if (s.at == unitStart) {
            throw new IllegalArgumentException("time: missing unit in duration " + GoQuote.timeQuote(text));
        }
        String unitText = text.substring(unitStart, s.at);
        long unit = unitNanos(unitText);
        if (unit == 0) {
            throw new IllegalArgumentException("time: unknown unit " + GoQuote.timeQuote(unitText) + " in duration "
                    + GoQuote.timeQuote(text));
        }
        if (Long.compareUnsigned(whole, Long.divideUnsigned(LIMIT, unit)) > 0) {
            throw invalid(text);
        }
        long value = whole * unit;
        if (s.fraction != 0) {
            // float64, as Go: nanosecond accurate for fractions of hours (f*unit/scale <= 3.6e12).
            value += (long) (unsignedToDouble(s.fraction) * ((double) unit / s.scale));
            if (Long.compareUnsigned(value, LIMIT) > 0) {
                throw invalid(text);
            }
        }
        return value;
    }

    private static long add(String text, long total, long value) {
        long sum = total + value;
        if (Long.compareUnsigned(sum, total) < 0 || Long.compareUnsigned(sum, LIMIT) > 0) {
            throw invalid(text);
        }
        return sum;
    }

    /**
     * Go's {@code Duration.String}: {@code 1h0m0s}, {@code 1m30s}, {@code 1.5s}, {@code 300ms}, {@code 2µs},
     * {@code 0s}.
     *
     * @throws ArithmeticException when {@code duration} does not fit Go's signed 64-bit nanoseconds
     */
    public static String format(Duration duration) {
        long nanos = duration.toNanos();
        long u = nanos < 0 ? -nanos : nanos; // unsigned; Long.MIN_VALUE stays 1<<63
        StringBuilder sb = new StringBuilder(nanos < 0 ? "-" : "");
        if (u == 0) {
            return "0s";
        } else if (u > 0 && u < 1_000L) {
            sb.append(u).append("ns");
        } else if (u > 0 && u < 1_000_000L) {
            sb.append(withFraction(u, 3)).append("\u00b5s");
        } else if (u > 0 && u < 1_000_000_000L) {
            sb.append(withFraction(u, 6)).append("ms");
        } else {
            long seconds = Long.divideUnsigned(u, 1_000_000_000L);
            long minutes = seconds / 60;
            long hours = minutes / 60;
            if (hours > 0) {
                sb.append(hours).append('h');
            }
            if (minutes > 0) {
                sb.append(minutes % 60).append('m');
            }
            sb.append(seconds % 60).append(fractionDigits(Long.remainderUnsigned(u, 1_000_000_000L), 9)).append('s');
        }
        return sb.toString();
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "\u00b5s", "\u03bcs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> 0L;
        };
    }

    private static double unsignedToDouble(long v) {
        return v >= 0 ? v : ((double) (v >>> 1)) * 2.0 + (v & 1);
    }

    /** {@code v / 10^digits} with its fraction, trailing zeros dropped (Go's fmtFrac, then fmtInt). */
    private static String withFraction(long v, int digits) {
        long pow = (long) Math.pow(10, digits);
        return (v / pow) + fractionDigits(v % pow, digits);
    }

    /** {@code .123} for the fraction digits without trailing zeros; nothing when the fraction is zero. */
    private static String fractionDigits(long remainder, int digits) {
        if (remainder == 0) {
            return "";
        }
        String padded = "0".repeat(digits - Long.toString(remainder).length()) + remainder;
        return "." + padded.replaceAll("0+$", "");
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("time: invalid duration " + GoQuote.timeQuote(text));
    }

    /** A cursor over duration text, with Go's leadingInt and leadingFraction. */
    private static final class Cursor {
        private final String text;
        private int at;
        /** The last fraction read: digits as an unsigned integer, and 10^(digits kept). */
        private long fraction;
        private double scale;

        Cursor(String text) {
            this.text = text;
        }

        boolean more() {
            return at < text.length();
        }

        char peek() {
            return text.charAt(at);
        }

        char next() {
            return text.charAt(at++);
        }

        /** The digits as an unsigned value up to 1<<63, or -1 (unsigned 2^64-1) once it overflows. */
        long leadingInt() {
            long x = 0;
            for (; more() && isDigit(peek()); at++) {
                if (Long.compareUnsigned(x, Long.divideUnsigned(LIMIT, 10)) > 0) {
                    return -1;
                }
                x = x * 10 + (peek() - '0');
                if (Long.compareUnsigned(x, LIMIT) > 0) {
                    return -1;
                }
            }
            return x;
        }

        /** Consumes the digits; digits past 63 bits add no precision and are skipped, as in Go. */
        void leadingFraction() {
            fraction = 0;
            scale = 1;
            boolean overflow = false;
            for (; more() && isDigit(peek()); at++) {
                if (overflow) {
                    continue;
                }
                long y = fraction * 10 + (peek() - '0');
                if (Long.compareUnsigned(fraction, Long.MAX_VALUE / 10) > 0 || Long.compareUnsigned(y, LIMIT) > 0) {
                    overflow = true;
                    continue;
                }
                fraction = y;
                scale *= 10;
            }
        }
    }
}
