package masq.backend.iptables;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import masq.api.spi.CommandRunner;

/**
 * A stateful fake of the iptables tools of both modes and families: {@code --version}, {@code -save}
 * ({@code -t nat|mangle} or all) and {@code -restore --noflush}. A restore payload is applied to a copy
 * of the state and committed only when every line succeeded, with the kernel's refusals: a jump to an
 * unknown chain, {@code -D} of a missing rule, {@code -X} of a referenced, non-empty or unknown chain,
 * {@code -N} of an existing one, unknown options ({@code --random-fully} on tools older than 1.6.2).
 * Rules are stored in iptables-save's normalised form ({@link FakeRuleSpec}).
 *
 * <p>Tables exist or not, as in the kernel (checked on 1.8.9, docs/iptables.md): a legacy command that
 * names a table ({@code -save -t}, {@code -S}, a restore section) creates it, even when it fails; nft
 * reads create nothing, and an nft restore creates a table only when its section holds a command. A save
 * without {@code -t} prints the existing tables only. {@link #legacyTables()} is the kernel's
 * {@code ip_tables_names} view.
 */
final class FakeIptables implements CommandRunner {
    private static final Pattern BINARY = Pattern.compile("(ip6?tables)-(legacy|nft)(-save|-restore)?");
    private static final List<String> NAT_BUILTIN = List.of("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING");
    private static final List<String> MANGLE_BUILTIN = List.of("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING");

    /** One record per command run: the argv and stdin. */
    record Call(List<String> argv, String stdin) {
    }

    private final Map<String, Map<String, Map<String, List<Parsed>>>> state = new HashMap<>();
    private final Set<String> missingModes = new HashSet<>();
    private final List<Call> calls = new ArrayList<>();
    private String version = "1.8.9";
    private CommandRunner.Result nextRestoreFailure;

    private record Parsed(String saved, String target) {
    }

    FakeIptables withVersion(String v) {
        this.version = v;
        return this;
    }

    FakeIptables withoutMode(String mode) {
        missingModes.add(mode);
        return this;
    }

    /** The next restore fails with this result and changes nothing (e.g. the xtables lock message). */
    void failNextRestore(CommandRunner.Result failure) {
        nextRestoreFailure = failure;
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    long restoreCalls() {
        return calls.stream().filter(c -> c.argv().getFirst().endsWith("-restore")).count();
    }

    /** Seeds a table with iptables-save text (e.g. another agent's rules), via the restore parser. */
    void load(String binaryPrefix, String saveText) {
        String err = apply(binaryPrefix, saveText.replaceAll("(?m)^#.*\n", ""));
        if (err != null) {
            throw new IllegalArgumentException("bad seed: " + err);
        }
    }

    @Override
    public Result run(List<String> argv, String stdin, Duration timeout) throws IOException {
        calls.add(new Call(List.copyOf(argv), stdin));
        Matcher m = BINARY.matcher(argv.getFirst());
        if (!m.matches() || missingModes.contains(m.group(2))) {
            throw new IOException("Cannot run program \"" + argv.getFirst() + "\": error=2, No such file or directory");
        }
        String prefix = m.group(1) + "-" + m.group(2);
        String tool = m.group(3) == null ? "" : m.group(3);
        return switch (tool) {
            case "" -> argv.contains("--version")
                    ? new Result(0, m.group(1) + " v" + version + " (" + (m.group(2).equals("nft") ? "nf_tables" : "legacy") + ")\n", "")
                    : argv.contains("-S") ? list(prefix, argv) : new Result(2, "", "fake: only --version and -S are modelled\n");
            case "-save" -> new Result(0, argv.contains("-t") ? dump(prefix, touch(prefix, argv.get(argv.indexOf("-t") + 1)))
                    : tables(prefix).stream().map(t -> dump(prefix, t)).reduce("", String::concat), "");
            default -> restore(prefix, argv, stdin);
        };
    }

    /** {@code iptables -t TABLE -S CHAIN}: like iptables-save's lines for one chain, {@code -P}/{@code -N} first. */
    private Result list(String prefix, List<String> argv) {
        String table = touch(prefix, argv.contains("-t") ? argv.get(argv.indexOf("-t") + 1) : "filter");
        String chain = argv.get(argv.indexOf("-S") + 1);
        List<Parsed> rules = view(prefix, table).get(chain);
        if (rules == null) {
            return new Result(1, "", "iptables: No chain/target/match by that name.\n");
        }
        StringBuilder sb = new StringBuilder(builtin(table).contains(chain) ? "-P " + chain + " ACCEPT\n" : "-N " + chain + "\n");
        rules.forEach(r -> sb.append("-A ").append(chain).append(' ').append(r.saved()).append('\n'));
        return new Result(0, sb.toString(), "");
    }

    private Result restore(String prefix, List<String> argv, String stdin) {
        if (!argv.contains("--noflush")) {
            return new Result(2, "", "fake: only --noflush restores are modelled\n");
        }
        if (nextRestoreFailure != null) {
            Result r = nextRestoreFailure;
            nextRestoreFailure = null;
            return r;
        }
        String err = apply(prefix, stdin);
        return err == null ? new Result(0, "", "") : new Result(1, "", prefix + "-restore: " + err + "\n");
    }

    /** Applies a payload; returns null on success or the error (state unchanged). */
    private String apply(String prefix, String payload) {
        Map<String, Map<String, List<Parsed>>> tables = state.computeIfAbsent(prefix, p -> new LinkedHashMap<>());
        Map<String, List<Parsed>> work = null;
        String table = null;
        Map<String, Map<String, List<Parsed>>> pending = new LinkedHashMap<>();
        boolean used = false;
        String[] lines = payload.split("\n");
        for (int n = 1; n <= lines.length; n++) {
            String line = lines[n - 1];
            try {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith("*")) {
                    table = line.substring(1);
                    work = copy(view(prefix, table));
                    used = prefix.endsWith("-legacy") || tables.containsKey(table);
                } else if (line.equals("COMMIT")) {
                    if (used) {
                        pending.put(table, work);
                    }
                    work = null;
                } else if (work == null) {
                    throw new IllegalStateException("no table");
                } else {
                    applyLine(prefix, work, table, line);
                    used = true;
                }
            } catch (RuntimeException e) {
                return "line " + n + " failed: " + e.getMessage();
            }
        }
        if (work != null) {
            return "COMMIT expected at line " + (lines.length + 1);
        }
        tables.putAll(pending);
        return null;
    }

    private void applyLine(String prefix, Map<String, List<Parsed>> t, String table, String line) {
        String[] head = line.split(" ", 3);
        String chain = head.length > 1 ? head[1] : "";
        if (line.startsWith(":")) {
            String name = line.substring(1, line.indexOf(' '));
            if (!builtin(table).contains(name)) {
                t.put(name, new ArrayList<>()); // --noflush: a chain line creates or flushes just that chain
            }
            return;
        }
        switch (head[0]) {
            case "-N" -> require(t.putIfAbsent(chain, new ArrayList<>()) == null, "Chain already exists");
            case "-F" -> existing(t, chain).clear();
            case "-X" -> {
                require(!builtin(table).contains(chain), "built-in chain");
                require(existing(t, chain).isEmpty(), "Directory not empty");
                require(t.values().stream().flatMap(List::stream).noneMatch(r -> chain.equals(r.target())),
                        "Too many links");
                t.remove(chain);
            }
            case "-A", "-D" -> {
                FakeRuleSpec.Parsed p = FakeRuleSpec.parse(head.length > 2 ? head[2] : "", !version.matches("1\\.(4|5|6\\.[01])\\..*|1\\.6\\.[01]"));
                Parsed rule = new Parsed(p.saved(), p.target());
                List<Parsed> rules = existing(t, chain);
                if (head[0].equals("-A")) {
                    require(rule.target() == null || FakeRuleSpec.TARGETS.contains(rule.target()) || t.containsKey(rule.target()),
                            "Chain '" + rule.target() + "' does not exist");
                    rules.add(rule);
                } else {
                    require(rules.remove(rule), "Bad rule (does a matching rule exist in that chain?)");
                }
            }
            default -> throw new IllegalArgumentException("unknown command " + head[0]);
        }
    }

    private static List<Parsed> existing(Map<String, List<Parsed>> t, String chain) {
        List<Parsed> rules = t.get(chain);
        require(rules != null, "No chain/target/match by that name");
        return rules;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    private static List<String> builtin(String table) {
        return table.equals("mangle") ? MANGLE_BUILTIN : NAT_BUILTIN;
    }

    private Map<String, List<Parsed>> emptyTable(String table) {
        Map<String, List<Parsed>> t = new LinkedHashMap<>();
        builtin(table).forEach(c -> t.put(c, new ArrayList<>()));
        return t;
    }

    private static Map<String, List<Parsed>> copy(Map<String, List<Parsed>> t) {
        Map<String, List<Parsed>> c = new LinkedHashMap<>();
        t.forEach((k, v) -> c.put(k, new ArrayList<>(v)));
        return c;
    }

    /** A legacy tool naming a table creates it; nft's do not. Returns the table name. */
    private String touch(String prefix, String table) {
        if (prefix.endsWith("-legacy")) {
            state.computeIfAbsent(prefix, p -> new LinkedHashMap<>()).computeIfAbsent(table, this::emptyTable);
        }
        return table;
    }

    /** The table's chains, or a fresh empty table when it does not exist (not stored). */
    private Map<String, List<Parsed>> view(String prefix, String table) {
        Map<String, List<Parsed>> t = state.getOrDefault(prefix, Map.of()).get(table);
        return t != null ? t : emptyTable(table);
    }

    /** The tables that exist for a binary prefix such as {@code iptables-legacy}, in creation order. */
    Set<String> tables(String prefix) {
        return new java.util.LinkedHashSet<>(state.getOrDefault(prefix, Map.of()).keySet());
    }

    /** The kernel's {@code ip_tables_names} / {@code ip6_tables_names}: the legacy tables that exist. */
    LegacyTables legacyTables() {
        return family -> tables(family == masq.api.IpFamily.IPV4 ? "iptables-legacy" : "ip6tables-legacy");
    }

    /** Every table of every mode and family that exists, dumped: equal kernels give equal text. */
    String snapshot() {
        StringBuilder sb = new StringBuilder();
        for (String prefix : List.of("iptables-legacy", "ip6tables-legacy", "iptables-nft", "ip6tables-nft")) {
            tables(prefix).stream().sorted().forEach(t -> sb.append("# ").append(prefix).append('\n').append(dump(prefix, t)));
        }
        return sb.toString();
    }

    /** The table in iptables-save form (built-in chains first, then the rest by name), no header; never creates it. */
    String dump(String prefix, String table) {
        Map<String, List<Parsed>> t = view(prefix, table);
        // Both modes print built-in chains first, then user chains sorted by name (checked on 1.8.9).
        List<String> order = new ArrayList<>(builtin(table));
        t.keySet().stream().filter(c -> !builtin(table).contains(c)).sorted().forEach(order::add);
        StringBuilder sb = new StringBuilder("*" + table + "\n");
        order.forEach(c -> sb.append(':').append(c).append(builtin(table).contains(c) ? " ACCEPT [0:0]\n" : " - [0:0]\n"));
        order.forEach(c -> t.get(c).forEach(r -> sb.append("-A ").append(c).append(' ').append(r.saved()).append('\n')));
        return sb.append("COMMIT\n").toString();
    }
}
