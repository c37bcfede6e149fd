package masq.backend.iptables;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An iptables version as {@code iptables --version} prints it ({@code iptables v1.8.9 (nf_tables)}).
 *
 * @param major major
 * @param minor minor
 * @param patch patch
 * @param text  the whole first line, for logs and {@code BackendInfo}
 */
record ToolVersion(int major, int minor, int patch, String text) {
    private static final Pattern VERSION = Pattern.compile("v(\\d+)\\.(\\d+)\\.(\\d+)");

    static Optional<ToolVersion> parse(String output) {
        String line = output.strip().lines().findFirst().orElse("");
        Matcher m = VERSION.matcher(line);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new ToolVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), line));
    }

    /** {@code --random-fully} on MASQUERADE arrived in iptables 1.6.2 (the Go original's threshold). */
    boolean supportsRandomFully() {
        return atLeast(1, 6, 2);
    }

    boolean atLeast(int ma, int mi, int pa) {
        return major != ma ? major > ma : minor != mi ? minor > mi : patch >= pa;
    }
}
