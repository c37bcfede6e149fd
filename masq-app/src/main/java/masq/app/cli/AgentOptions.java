package masq.app.cli;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import masq.api.GoDuration;
import masq.api.GoQuote;
import masq.api.IpFamily;
import masq.api.MasqPolicy;
import masq.api.PortRange;
import masq.config.ConfigSettings;
import masq.config.ConflictPolicy;
import masq.config.EffectiveConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The validated, typed flag values.
 *
 * @param masqChain          {@code --masq-chain}
 * @param noMasqAllReserved  {@code --nomasq-all-reserved-ranges}
 * @param enableIpv6         {@code --enable-ipv6}
 * @param randomFully        {@code --random-fully}
 * @param toPorts            {@code --to-ports}
 * @param resyncInterval     {@code --resync-interval}
 * @param configDir          {@code --config-dir}
 * @param configFilePrefix   {@code --config-file-prefix}
 * @param backend            {@code --backend}
 * @param backendOptions     {@code --backend-option}s
 * @param conflictPolicy     {@code --conflict-policy}
 * @param once               {@code --once}
 * @param verbosity          {@code --v}, 0 to 10
 * @param jsonLogs           {@code --log-format=json}
 * @param jsonOutput         {@code --output=json}
 * @param healthBindAddress  {@code --health-bind-address}; empty: no health endpoints
 * @param metricsBindAddress {@code --metrics-bind-address}; empty: no metrics endpoint
 */
public record AgentOptions(String masqChain, boolean noMasqAllReserved, boolean enableIpv6, boolean randomFully,
                    List<PortRange> toPorts, Duration resyncInterval, Path configDir, String configFilePrefix,
                    String backend, Map<String, String> backendOptions, ConflictPolicy conflictPolicy, boolean once,
                    int verbosity, boolean jsonLogs, boolean jsonOutput,
                    Optional<InetSocketAddress> healthBindAddress, Optional<InetSocketAddress> metricsBindAddress) {
    private static final Logger LOG = LoggerFactory.getLogger(AgentOptions.class);

    public static AgentOptions from(ParsedArgs args) throws UsageException {
        String chain = args.valueOrDefault(Flags.MASQ_CHAIN);
        try {
            new MasqPolicy(Set.of(IpFamily.IPV4), List.of(), List.of(), false, false, List.of(), true, chain);
        } catch (IllegalArgumentException e) {
            throw new UsageException("Invalid --masq-chain flag " + GoQuote.quote(chain) + ": " + e.getMessage());
        }
        String ports = args.valueOrDefault(Flags.TO_PORTS);
        List<PortRange> toPorts;
        try {
            toPorts = PortRange.parseList(ports);
        } catch (IllegalArgumentException e) {
            throw new UsageException("Invalid --to-ports flag " + GoQuote.quote(ports) + ": " + e.getMessage());
        }
        return new AgentOptions(chain, bool(args, Flags.NOMASQ_ALL_RESERVED), bool(args, Flags.ENABLE_IPV6),
                bool(args, Flags.RANDOM_FULLY), toPorts, interval(args.valueOrDefault(Flags.RESYNC_INTERVAL)),
                PathFlag.parse(Flags.CONFIG_DIR, args.valueOrDefault(Flags.CONFIG_DIR)), filePrefix(args.valueOrDefault(Flags.CONFIG_FILE_PREFIX)),
                args.valueOrDefault(Flags.BACKEND), backendOptions(args.all(Flags.BACKEND_OPTION)),
                choice(args, Flags.CONFLICT_POLICY, "warn", "reject").equals("reject") ? ConflictPolicy.REJECT : ConflictPolicy.WARN,
                bool(args, Flags.ONCE), verbosity(args.valueOrDefault(Flags.V)),
                choice(args, Flags.LOG_FORMAT, "text", "json").equals("json"),
                choice(args, Flags.OUTPUT, "text", "json").equals("json"),
                BindAddress.parse(Flags.HEALTH_BIND_ADDRESS, args.valueOrDefault(Flags.HEALTH_BIND_ADDRESS)),
                BindAddress.parse(Flags.METRICS_BIND_ADDRESS, args.valueOrDefault(Flags.METRICS_BIND_ADDRESS)));
    }

    /** The address families to program: IPv4 always, IPv6 with {@code --enable-ipv6}. */
    Set<IpFamily> families() {
        return enableIpv6 ? EnumSet.of(IpFamily.IPV4, IpFamily.IPV6) : EnumSet.of(IpFamily.IPV4);
    }

    /** The policy of a valid config under these flags (families, ports, random-fully, chain). */
    public MasqPolicy policy(EffectiveConfig config) {
        return config.toPolicy(families(), toPorts, randomFully, masqChain);
    }

    /** What the config engine needs from the flags. */
    public ConfigSettings configSettings() {
        return new ConfigSettings(enableIpv6, noMasqAllReserved, conflictPolicy, resyncInterval);
    }

    private static boolean bool(ParsedArgs args, String name) {
        return GoBool.parse(args.valueOrDefault(name));
    }

    /**
     * Azure v2 takes integer seconds; the Go original's config takes a duration: accept both. Below the floor
     * ({@link ConfigSettings#MIN_RESYNC_INTERVAL}) the floor is used with a warning, as for a config file's
     * {@code resyncInterval}: a too-short interval is a tuning mistake, not a reason to keep the agent down.
     */
    static Duration interval(String text) throws UsageException {
        Duration d;
        try {
            d = text.matches("\\d{1,9}") ? Duration.ofSeconds(Long.parseLong(text)) : GoDuration.parse(text);
        } catch (IllegalArgumentException e) {
            d = null;
        }
        if (d == null || d.isNegative() || d.isZero()) {
            throw new UsageException("Invalid --resync-interval flag " + GoQuote.quote(text)
                    + ": want a positive number of seconds (60) or a Go duration (1m30s)");
        }
        if (d.compareTo(ConfigSettings.MIN_RESYNC_INTERVAL) < 0) {
            LOG.warn("--resync-interval={} is below the minimum of {}: using {}", GoQuote.quote(text),
                    GoDuration.format(ConfigSettings.MIN_RESYNC_INTERVAL), GoDuration.format(ConfigSettings.MIN_RESYNC_INTERVAL));
            return ConfigSettings.MIN_RESYNC_INTERVAL;
        }
        return d;
    }

    /**
     * A file name prefix, never a path or a pattern: with a {@code /} (e.g. {@code ../}), a glob character
     * ({@code *?[}) or a leading dot (dot-entries are never read) it could never match a config file, so the
     * agent would silently run on the defaults.
     */
    private static String filePrefix(String prefix) throws UsageException {
        String why = prefix.indexOf('/') >= 0 || prefix.indexOf('\0') >= 0 ? "a file name prefix, not a path"
                : prefix.chars().anyMatch(c -> c == '*' || c == '?' || c == '[') ? "a plain prefix, not a pattern"
                : prefix.startsWith(".") ? "a prefix that does not start with \".\" (dot-entries are never read)"
                : null;
        if (why != null) {
            throw new UsageException("Invalid --" + Flags.CONFIG_FILE_PREFIX + " flag " + GoQuote.quote(prefix)
                    + ": want " + why + ", e.g. ip-masq");
        }
        return prefix;
    }

    private static Map<String, String> backendOptions(List<String> items) throws UsageException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String item : items) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("Invalid --backend-option flag " + GoQuote.quote(item) + ": want key=value");
            }
            if (out.put(item.substring(0, eq), item.substring(eq + 1)) != null) {
                throw new UsageException("Invalid --backend-option flag " + GoQuote.quote(item) + ": key "
                        + GoQuote.quote(item.substring(0, eq)) + " given twice");
            }
        }
        return out;
    }

    private static String choice(ParsedArgs args, String name, String... allowed) throws UsageException {
        String v = args.valueOrDefault(name).toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(v)) {
                return a;
            }
        }
        throw new UsageException("Invalid --" + name + " flag " + GoQuote.quote(args.valueOrDefault(name)) + ": want "
                + String.join(" or ", allowed));
    }

    private static int verbosity(String text) throws UsageException {
        int v = Integer.parseInt(text.startsWith("+") ? text.substring(1) : text);
        if (v < 0) {
            throw new UsageException("Invalid --v flag " + GoQuote.quote(text) + ": want 0 to 10");
        }
        return Math.min(v, 10);
    }
}
