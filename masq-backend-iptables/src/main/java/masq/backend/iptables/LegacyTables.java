package masq.backend.iptables;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

import masq.api.IpFamily;

/**
 * Which legacy (xtables) tables exist, read without creating any. Every iptables-legacy command that
 * names a table ({@code -save -t nat}, {@code -S}, {@code -L}, a restore) instantiates that table in the
 * kernel; from then on every {@code iptables-nft-save} on the node warns {@code iptables-legacy tables
 * present} and kube-proxy's and iptables-wrappers' mode detection see another node. So the backend names
 * a legacy table only when this says it exists.
 */
@FunctionalInterface
interface LegacyTables {

    /**
     * The calling thread's network namespace, as the kernel lists it in
     * {@code /proc/thread-self/net/ip_tables_names} ({@code ip6_tables_names} for IPv6). Not
     * {@code /proc/net}, which is {@code /proc/self/net}: the namespace of the thread-group leader. A missing
     * file means the xtables module is not loaded, so no legacy table exists. Read in-process: the image
     * has no {@code cat}.
     */
    LegacyTables PROC = family -> {
        Path net = Path.of("/proc/thread-self/net");
        if (!Files.isDirectory(net)) {
            throw new IOException(net + " is not readable (is /proc mounted?)");
        }
        try {
            return new LinkedHashSet<>(Files.readAllLines(net.resolve(fileName(family))).stream()
                    .map(String::strip).filter(s -> !s.isEmpty()).toList());
        } catch (NoSuchFileException e) {
            return Set.of();
        }
    };

    /** The names of the legacy tables of this family that exist now. */
    Set<String> existing(IpFamily family) throws IOException;

    /** {@code ip_tables_names} or {@code ip6_tables_names}. */
    static String fileName(IpFamily family) {
        return family == IpFamily.IPV4 ? "ip_tables_names" : "ip6_tables_names";
    }
}
