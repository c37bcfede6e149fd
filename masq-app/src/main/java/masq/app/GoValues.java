package masq.app;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go's spellings of values, so existing manifests keep working: booleans, durations, %q quoting. */
final class GoValues {
    private static final Pattern DURATION_PART = Pattern.compile("(\\d*(?:\\.\\d*)?)(ns|us|µs|μs|ms|s|m|h)");
    private static final Map<String, Long> UNIT_NANOS = Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L,
            "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    private GoValues() {
    }

    /** strconv.ParseBool: 1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False; else null. */
    static Boolean parseBool(String s) {
        return switch (s) {
            case "1", "t", "T", "TRUE", "true", "True" -> Boolean.TRUE;
            case "0", "f", "F", "FALSE", "false", "False" -> Boolean.FALSE;
            default -> null;
        };
    }

    /**
     * time.ParseDuration: a sequence of decimal numbers with units ({@code 1m30s}, {@code 1.5h},
     * {@code 300ms}); {@code 0} alone is allowed. Returns null when the text is not a duration.
     */
    static Duration parseDuration(String s) {
        String text = s.startsWith("+") ? s.substring(1) : s;
        boolean negative = text.startsWith("-");
        if (negative) {
            text = text.substring(1);
        }
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        if (text.isEmpty()) {
            return null;
        }
        Matcher m = DURATION_PART.matcher(text);
        BigDecimal nanos = BigDecimal.ZERO;
        int at = 0;
        while (at < text.length()) {
            if (!m.find(at) || m.start() != at || m.group(1).isEmpty() || m.group(1).equals(".")) {
                return null;
            }
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(UNIT_NANOS.get(m.group(2)))));
            at = m.end();
        }
        Duration d = Duration.ofNanos(nanos.longValue());
        return negative ? d.negated() : d;
    }

    /** Go's %q for the plain strings flags hold: double quotes, with backslash escapes. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** Go's Duration.String(): {@code 1m0s}, {@code 1m30s}, {@code 1h0m0s}, {@code 500ms}, {@code 0s}. */
    static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        long totalNanos = d.toNanos();
        String sign = totalNanos < 0 ? "-" : "";
        long n = Math.abs(totalNanos);
        if (n < 1_000_000_000L) {
            if (n < 1_000L) {
                return sign + n + "ns";
            }
            if (n < 1_000_000L) {
                return sign + trim(BigDecimal.valueOf(n, 3)) + "µs";
            }
            return sign + trim(BigDecimal.valueOf(n, 6)) + "ms";
        }
        long hours = n / 3_600_000_000_000L;
        long minutes = n / 60_000_000_000L % 60;
        String seconds = trim(BigDecimal.valueOf(n % 60_000_000_000L, 9)) + "s";
        if (hours > 0) {
            return sign + hours + "h" + minutes + "m" + seconds;
        }
        return minutes > 0 ? sign + minutes + "m" + seconds : sign + seconds;
    }

    private static String trim(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0).toPlainString() : s.toPlainString();
    }
}
