package masq.backend.nftables;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import masq.api.Cidr;
import masq.api.IpFamily;

/**
 * A stateful fake of the kernel's nf_tables behind {@code nft -f}: parses each script line by line,
 * applies it to a copy of the state and commits only when every line succeeded (one batch = one
 * transaction), rejecting what nft rejects for the commands we send: touching a missing table, chain or
 * set; overlapping elements in an interval set (no auto-merge); an element of the wrong family; a rule
 * naming a missing set or chain. {@code list table} and {@code list ruleset} print nft's listing format.
 * Like the kernel, it has a generation that every committed write advances, and takes element-only
 * transactions guarded by it ({@link NftNetlink}); it counts the listings it printed (reads).
 */
final class FakeNftables implements NftExecutor, NftNetlink {

    private static final Pattern LINE = Pattern.compile(
            "(add|delete|flush|list) (table|chain|set|element|rule|ruleset)(?: (inet|ip|ip6) (\\S+))?(?: (.*))?");
    private static final Pattern SET_BODY = Pattern.compile(
            "(\\S+) \\{ type (ipv4_addr|ipv6_addr);(?: flags (interval);)?(?: comment (\"[^\"]*\");)?"
                    + "(?: elements = \\{ ([^}]*) \\};)? }");
    private static final Pattern TABLE_BODY = Pattern.compile("\\{ comment (\"[^\"]*\"); }");

    record FakeSet(String type, boolean interval, String comment, TreeSet<Cidr> elements) {
        FakeSet copy() {
            return new FakeSet(type, interval, comment, new TreeSet<>(elements));
        }
    }

    record FakeChain(String base, List<String> rules) {
        FakeChain copy() {
            return new FakeChain(base, new ArrayList<>(rules));
        }
    }

    static final class FakeTable {
        String comment;
        final Map<String, FakeSet> sets = new LinkedHashMap<>();
        final Map<String, FakeChain> chains = new LinkedHashMap<>();

        FakeTable copy() {
            FakeTable t = new FakeTable();
            t.comment = comment;
            sets.forEach((k, v) -> t.sets.put(k, v.copy()));
            chains.forEach((k, v) -> t.chains.put(k, v.copy()));
            return t;
        }
    }

    private Map<String, FakeTable> tables = new TreeMap<>();
    private final List<String> writes = new ArrayList<>();
    private int generation = 1;
    private int reads;

    /** Listings printed (list table / list ruleset), including the tests' own. */
    int reads() {
        return reads;
    }

    /** The generation: advanced by every committed write. */
    int currentGeneration() {
        return generation;
    }

    @Override
    public java.util.OptionalInt generation() {
        return java.util.OptionalInt.of(generation);
    }

    /** Guarded by the generation like NFNL_BATCH_GENID; applied through the same interpreter as a script. */
    @Override
    public Commit commit(Transaction tx, java.util.OptionalInt expected) {
        if (expected.isPresent() && expected.getAsInt() != generation) {
            return new Commit(Status.STALE, java.util.OptionalInt.empty(), "generation moved");
        }
        for (Transaction.Op op : tx.ops()) {
            if (!(op.object() instanceof NftObject.Element)) {
                throw new AssertionError("not an element operation: " + op);
            }
        }
        Result r = run(tx.render());
        return r.ok() ? new Commit(Status.COMMITTED, expected.isPresent() ? java.util.OptionalInt.of(generation)
                : java.util.OptionalInt.empty(), "") : new Commit(Status.REJECTED, java.util.OptionalInt.empty(), r.error());
    }

    /** Scripts that changed state (committed and contained a non-list command), in order. */
    List<String> writes() {
        return List.copyOf(writes);
    }

    @Override
    public Result run(String script) {
        Map<String, FakeTable> work = new TreeMap<>();
        tables.forEach((k, v) -> work.put(k, v.copy()));
        StringBuilder out = new StringBuilder();
        boolean writing = false;
        int lineNo = 0;
        for (String line : script.split("\n")) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            try {
                writing |= apply(work, line, out);
            } catch (IllegalStateException e) {
                return new Result(false, "", "Error: " + e.getMessage() + "\n<stdin>:" + lineNo + ": " + line + "\n");
            }
        }
        tables = work;
        if (writing) {
            writes.add(script);
            generation++;
        }
        if (script.lines().anyMatch(l -> l.startsWith("list "))) {
            reads++;
        }
        return new Result(true, out.toString(), "");
    }

    private static boolean apply(Map<String, FakeTable> ts, String line, StringBuilder out) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            throw new IllegalStateException("syntax error");
        }
        String verb = m.group(1);
        String kind = m.group(2);
        String key = m.group(3) + " " + m.group(4);
        String rest = m.group(5) == null ? "" : m.group(5);
        if (kind.equals("ruleset")) {
            ts.forEach((k, t) -> out.append(listing(k, t)));
            return false;
        }
        if (kind.equals("table")) {
            switch (verb) {
                case "add" -> {
                    FakeTable t = ts.computeIfAbsent(key, k -> new FakeTable());
                    Matcher b = TABLE_BODY.matcher(rest);
                    if (b.matches()) {
                        t.comment = b.group(1);
                    } else if (!rest.isEmpty()) {
                        throw new IllegalStateException("syntax error in table body");
                    }
                }
                case "delete" -> require(ts.remove(key));
                case "flush" -> require(ts.get(key)).chains.values().forEach(c -> c.rules().clear());
                default -> {
                    out.append(listing(key, require(ts.get(key))));
                    return false;
                }
            }
            return true;
        }
        FakeTable t = require(ts.get(key));
        String[] nameAndBody = rest.split(" ", 2);
        String name = nameAndBody[0];
        String body = nameAndBody.length > 1 ? nameAndBody[1] : "";
        switch (kind) {
            case "chain" -> {
                switch (verb) {
                    case "add" -> t.chains.putIfAbsent(name, new FakeChain(
                            body.isEmpty() ? null : body.substring(2, body.length() - 2), new ArrayList<>()));
                    case "delete" -> require(t.chains.remove(name));
                    case "flush" -> require(t.chains.get(name)).rules().clear();
                    default -> throw new IllegalStateException("syntax error");
                }
            }
            case "set" -> {
                switch (verb) {
                    case "add" -> {
                        Matcher s = SET_BODY.matcher(rest);
                        if (!s.matches()) {
                            throw new IllegalStateException("syntax error in set");
                        }
                        FakeSet set = t.sets.computeIfAbsent(name,
                                k -> new FakeSet(s.group(2), s.group(3) != null, s.group(4), new TreeSet<>()));
                        if (s.group(5) != null) {
                            addElements(set, s.group(5));
                        }
                    }
                    case "delete" -> require(t.sets.remove(name));
                    case "flush" -> require(t.sets.get(name)).elements().clear();
                    default -> throw new IllegalStateException("syntax error");
                }
            }
            case "element" -> {
                FakeSet s = require(t.sets.get(name));
                if (!body.startsWith("{ ") || !body.endsWith(" }")) {
                    throw new IllegalStateException("syntax error in element list");
                }
                String list = body.substring(2, body.length() - 2);
                if (verb.equals("add")) {
                    addElements(s, list);
                } else {
                    for (String e : list.split(", ")) {
                        if (!s.elements().remove(element(s, e))) {
                            throw new IllegalStateException("Could not process rule: No such file or directory");
                        }
                    }
                }
            }
            default -> {
                if (!verb.equals("add")) {
                    throw new IllegalStateException("syntax error");
                }
                FakeChain c = require(t.chains.get(name));
                Matcher ref = Pattern.compile("@(\\S+)|(?:goto|jump) (\\S+)").matcher(body);
                while (ref.find()) {
                    if (ref.group(1) != null ? !t.sets.containsKey(ref.group(1)) : !t.chains.containsKey(ref.group(2))) {
                        throw new IllegalStateException("Could not process rule: No such file or directory");
                    }
                }
                c.rules().add(body);
            }
        }
        return true;
    }

    private static Cidr element(FakeSet s, String e) {
        Cidr c = Cidr.parse(e.contains("/") ? e : e + (e.contains(":") ? "/128" : "/32"));
        if ((c.family() == IpFamily.IPV4) != s.type().equals("ipv4_addr")) {
            throw new IllegalStateException("Element " + e + " does not match set type " + s.type());
        }
        return c;
    }

    private static void addElements(FakeSet s, String list) {
        for (String e : list.split(", ")) {
            Cidr c = element(s, e);
            // Elements never overlap, so only the neighbours in address order can conflict.
            Cidr lower = s.elements().floor(c);
            Cidr higher = s.elements().ceiling(c);
            boolean overlaps = !s.elements().contains(c)
                    && (lower != null && lower.contains(c) || higher != null && c.contains(higher));
            if (overlaps && s.interval()) {
                throw new IllegalStateException("conflicting intervals specified");
            }
            s.elements().add(c);
        }
    }

    private static <T> T require(T found) {
        if (found == null) {
            throw new IllegalStateException("Could not process rule: No such file or directory");
        }
        return found;
    }

    /** nft's listing format: tabs, sets then chains in creation order, elements sorted, /32 printed bare. */
    private static String listing(String key, FakeTable t) {
        StringBuilder sb = new StringBuilder("table ").append(key).append(" {\n");
        if (t.comment != null) {
            sb.append("\tcomment ").append(t.comment).append('\n');
        }
        String sep = "";
        for (var e : t.sets.entrySet()) {
            FakeSet s = e.getValue();
            sb.append(sep).append("\tset ").append(e.getKey()).append(" {\n\t\ttype ").append(s.type()).append('\n');
            if (s.interval()) {
                sb.append("\t\tflags interval\n");
            }
            if (s.comment() != null) {
                sb.append("\t\tcomment ").append(s.comment()).append('\n');
            }
            if (!s.elements().isEmpty()) {
                sb.append("\t\telements = { ").append(String.join(",\n\t\t\t     ", s.elements().stream()
                        .map(c -> c.prefixLength() == c.family().bits() ? c.network().toString() : c.toString())
                        .toList())).append(" }\n");
            }
            sb.append("\t}\n");
            sep = "\n";
        }
        for (var e : t.chains.entrySet()) {
            sb.append(sep).append("\tchain ").append(e.getKey()).append(" {\n");
            if (e.getValue().base() != null) {
                sb.append("\t\t").append(e.getValue().base()).append('\n');
            }
            e.getValue().rules().forEach(r -> sb.append("\t\t").append(r).append('\n'));
            sb.append("\t}\n");
            sep = "\n";
        }
        return sb.append("}\n").toString();
    }

    @Override
    public String mode() {
        return "fake";
    }

    @Override
    public String version() {
        return "";
    }

    @Override
    public void close() {
    }
}
