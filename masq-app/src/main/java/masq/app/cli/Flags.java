package masq.app.cli;

import static masq.app.cli.FlagSpec.Type.BOOL;
import static masq.app.cli.FlagSpec.Type.IGNORED_BOOL;
import static masq.app.cli.FlagSpec.Type.IGNORED_STRING;
import static masq.app.cli.FlagSpec.Type.INT;
import static masq.app.cli.FlagSpec.Type.REPEATED;
import static masq.app.cli.FlagSpec.Type.STRING;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The flag table: the Go original's flags, Azure v2's, ours, and klog's accepted-and-ignored ones. */
public final class Flags {
    /** The backend used without {@code --backend}: iptables, the Go originals' only one (its mode auto-detected). */
    public static final String DEFAULT_BACKEND = "iptables";
    /** Where the image looks for backend plugins ({@code --plugin-dir}, docs/plugins.md). */
    static final String DEFAULT_PLUGIN_DIR = "/opt/ip-masq-agent/plugins";

    static final String MASQ_CHAIN = "masq-chain";
    static final String NOMASQ_ALL_RESERVED = "nomasq-all-reserved-ranges";
    static final String ENABLE_IPV6 = "enable-ipv6";
    static final String RANDOM_FULLY = "random-fully";
    static final String TO_PORTS = "to-ports";
    static final String RESYNC_INTERVAL = "resync-interval";
    public static final String CONFIG_DIR = "config-dir";
    public static final String CONFIG_FILE_PREFIX = "config-file-prefix";
    static final String BACKEND = "backend";
    static final String BACKEND_OPTION = "backend-option";
    public static final String PLUGIN_DIR = "plugin-dir";
    static final String CONFLICT_POLICY = "conflict-policy";
    static final String ONCE = "once";
    static final String V = "v";
    static final String LOG_FORMAT = "log-format";
    static final String OUTPUT = "output";
    static final String LOCK_FILE = "lock-file";
    static final String MAX_SYNC_FAILURES = "max-sync-failures";
    static final String CLEANUP_ON_EXIT = "cleanup-on-exit";
    static final String WATCH_CONFIG = "watch-config";
    public static final String HEALTH_BIND_ADDRESS = "health-bind-address";
    public static final String METRICS_BIND_ADDRESS = "metrics-bind-address";
    /**
     * Outside Kubernetes' own 10248-10259 block (kubelet, kube-proxy 10249/10256, controller managers
     * 10257/10258, scheduler 10259), which a hostNetwork DaemonSet on a control-plane node would collide with.
     */
    static final String DEFAULT_HEALTH_BIND_ADDRESS = "0.0.0.0:10266";
    static final String DEFAULT_METRICS_BIND_ADDRESS = "127.0.0.1:10267";

    /** The commands that read the config, and so take its flags: every one but version and help. */
    private static final Set<Command> CONFIG_COMMANDS = EnumSet.complementOf(EnumSet.of(Command.VERSION, Command.HELP));
    /** Every command (the logging flags). */
    private static final Set<Command> EVERY_COMMAND = EnumSet.allOf(Command.class);

    public static final List<FlagSpec> TABLE = List.of(
            new FlagSpec(MASQ_CHAIN, STRING, "IP-MASQ-AGENT", "Name of nat chain for iptables masquerade rules.", CONFIG_COMMANDS),
            new FlagSpec(NOMASQ_ALL_RESERVED, BOOL, "false",
                    "Whether to disable masquerade for all IPv4 ranges reserved by RFCs.", CONFIG_COMMANDS),
            new FlagSpec(ENABLE_IPV6, BOOL, "false", "Whether to enable IPv6.", CONFIG_COMMANDS),
            new FlagSpec(RANDOM_FULLY, BOOL, "true",
                    "Whether to add --random-fully to the masquerade rule, if the system supports it.", CONFIG_COMMANDS),
            new FlagSpec(TO_PORTS, STRING, "", "Masquerade to specified ports only, example: \"1024-29999,32768-65535\";"
                    + " applicable to tcp, udp, sctp protocols.", CONFIG_COMMANDS),
            new FlagSpec(RESYNC_INTERVAL, STRING, "60",
                    "Resync interval: integer seconds or a Go duration (1m30s); a config file's resyncInterval wins.", CONFIG_COMMANDS),
            new FlagSpec(CONFIG_DIR, STRING, "/etc/config", "Directory holding the config files.", CONFIG_COMMANDS),
            new FlagSpec(CONFIG_FILE_PREFIX, STRING, "ip-masq", "Only files whose name starts with this are read.", CONFIG_COMMANDS),
            new FlagSpec(BACKEND, STRING, DEFAULT_BACKEND, "Firewall backend id (see 'help' for the ones available).", CONFIG_COMMANDS),
            new FlagSpec(BACKEND_OPTION, REPEATED, "", "Backend option key=value; repeatable.", CONFIG_COMMANDS),
            new FlagSpec(PLUGIN_DIR, STRING, DEFAULT_PLUGIN_DIR, "Directory of backend plugins: each jar, or"
                    + " sub-directory of jars, is one plugin; a missing directory means none.", CONFIG_COMMANDS),
            new FlagSpec(CONFLICT_POLICY, STRING, "warn", "What a conflict between config files does: warn or reject.", CONFIG_COMMANDS),
            new FlagSpec(ONCE, BOOL, "false", "Sync once and exit: 0 ok, 1 config invalid or sync failed.",
                    EnumSet.of(Command.RUN)),
            // run's own flags (RunOptions): only the long-running agent uses them; --once takes no lock and watches nothing.
            new FlagSpec(LOCK_FILE, STRING, "/run/ip-masq-agent.lock", "Lock file: one agent per node (a second waits"
                    + " for the first to exit); empty disables. Not taken with --once.", EnumSet.of(Command.RUN)),
            new FlagSpec(MAX_SYNC_FAILURES, INT, "5", "Consecutive failed syncs after which the agent reports itself"
                    + " unhealthy (it keeps retrying).", EnumSet.of(Command.RUN)),
            new FlagSpec(CLEANUP_ON_EXIT, BOOL, "false", "On SIGTERM remove the rules instead of leaving them in place.",
                    EnumSet.of(Command.RUN)),
            new FlagSpec(WATCH_CONFIG, BOOL, "true", "Reload at once when the config directory changes (else only"
                    + " every resync interval).", EnumSet.of(Command.RUN)),
            new FlagSpec(V, INT, "0", "Log verbosity 0-10: 0-3 info, 4-5 debug, 6+ trace.", EVERY_COMMAND),
            new FlagSpec(LOG_FORMAT, STRING, "text", "Log format: text or json (one object per line).", EVERY_COMMAND),
            new FlagSpec(OUTPUT, STRING, "text", "Output format: text or json.", EnumSet.of(Command.CHECK, Command.EXPLAIN)),
            new FlagSpec(HEALTH_BIND_ADDRESS, STRING, DEFAULT_HEALTH_BIND_ADDRESS, "Address for /healthz and /readyz"
                    + " (host:port, [ipv6]:port, :port); empty disables. Equal to --metrics-bind-address: one server for all.",
                    EnumSet.of(Command.RUN)),
            new FlagSpec(METRICS_BIND_ADDRESS, STRING, DEFAULT_METRICS_BIND_ADDRESS, "Address for /metrics"
                    + " (Prometheus text format); empty disables.", EnumSet.of(Command.RUN)),
            // klog's other flags: accepted so existing manifests keep working; they change nothing.
            klog("logtostderr", true), klog("alsologtostderr", true), klog("log_dir", false),
            klog("log_file", false), klog("log_file_max_size", false), klog("stderrthreshold", false),
            klog("vmodule", false), klog("skip_headers", true), klog("skip_log_headers", true),
            klog("add_dir_header", true), klog("one_output", true), klog("log_backtrace_at", false),
            klog("legacy_stderr_threshold_behavior", true), klog("alsologtostderrthreshold", false),
            klog("log_flush_frequency", false));

    /**
     * Flags a command accepts (so one argument list serves every command, e.g. the DaemonSet's) but does not
     * use: its {@code --help} leaves them out.
     */
    private static final Map<Command, Set<String>> UNUSED = Map.of(
            Command.CHECK, Set.of(MASQ_CHAIN, RANDOM_FULLY, TO_PORTS, BACKEND, BACKEND_OPTION, PLUGIN_DIR),
            Command.EXPLAIN, Set.of(RANDOM_FULLY, TO_PORTS),
            Command.CLEANUP, Set.of(MASQ_CHAIN, NOMASQ_ALL_RESERVED, ENABLE_IPV6, RANDOM_FULLY, TO_PORTS, RESYNC_INTERVAL,
                    CONFIG_DIR, CONFIG_FILE_PREFIX, CONFLICT_POLICY));

    private Flags() {
    }

    /** Whether {@code command}'s help lists the flag: it takes it and uses it. */
    static boolean listedFor(FlagSpec flag, Command command) {
        return flag.appliesTo(command) && !flag.ignored() && !UNUSED.getOrDefault(command, Set.of()).contains(flag.name());
    }

    /** Whether the command accepts flags it does not use (see {@link #listedFor}). */
    static boolean acceptsUnused(Command command) {
        return UNUSED.containsKey(command);
    }

    private static FlagSpec klog(String name, boolean bool) {
        return new FlagSpec(name, bool ? IGNORED_BOOL : IGNORED_STRING, "", "klog flag, accepted and ignored", EVERY_COMMAND);
    }

    static Optional<FlagSpec> find(String name) {
        return TABLE.stream().filter(f -> f.name().equals(name)).findFirst();
    }
}
