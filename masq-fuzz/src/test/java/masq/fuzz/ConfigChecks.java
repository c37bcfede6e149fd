package masq.fuzz;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import masq.api.Cidr;
import masq.api.ConfigProblem;
import masq.api.ConfigProblem.Kind;
import masq.api.ConfigProblem.Origin;
import masq.api.IpFamily;
import masq.api.spi.ConfigDocument;
import masq.api.spi.ConfigSnapshot;
import masq.config.CidrEntry;
import masq.config.ConfigEngine;
import masq.config.ConfigSettings;
import masq.config.EffectiveConfig;
import masq.config.LoadResult;

/**
 * The config engine's promises (docs/errors.md), checked on any input: it never throws, it is deterministic,
 * every problem names its file (and field and value where there is one) on one unforgeable line, the report
 * stays within its bounds, and a valid result is a consistent configuration.
 */
public final class ConfigChecks {
    /** docs/errors.md "Bounds". */
    public static final int MAX_VALUE = 200;
    public static final int MAX_DETAIL = 1000;
    public static final int PER_FILE = 100;
    public static final int TOTAL = 500;
    public static final int MAX_VALUES = 50_000;
    /** Kinds whose problem is about one place inside a file: they name the field. */
    private static final Set<Kind> NAME_A_FIELD = EnumSet.of(Kind.WRONG_TYPE, Kind.INVALID_CIDR, Kind.HOST_BITS,
            Kind.EMPTY_ITEM, Kind.FAMILY_NOT_ENABLED, Kind.INVALID_VALUE, Kind.UNKNOWN_KEY, Kind.DUPLICATE, Kind.CONFLICT);
    /** Kinds about a value as written: they quote it. */
    private static final Set<Kind> QUOTE_A_VALUE = EnumSet.of(Kind.INVALID_CIDR, Kind.HOST_BITS, Kind.FAMILY_NOT_ENABLED);

    private ConfigChecks() {
    }

    /** Loads twice (the engine is a pure function), checks the result, returns it. */
    public static LoadResult load(List<ConfigDocument> documents, ConfigSettings settings) {
        ConfigSnapshot snapshot = new ConfigSnapshot(true, documents, List.of());
        LoadResult result = ConfigEngine.load(snapshot, settings);
        LoadResult again = ConfigEngine.load(snapshot, settings);
        Check.that(result.equals(again), "load is not deterministic");
        Set<String> files = new HashSet<>();
        documents.forEach(d -> files.add(d.name()));
        report(result, files);
        result.config().ifPresent(c -> config(c, settings, documents));
        return result;
    }

    /** The report: naming, one line each, bounded. {@code files} are the names an origin may carry. */
    public static void report(LoadResult result, Set<String> files) {
        Map<String, int[]> perFile = new HashMap<>();
        int[] total = new int[2];
        for (ConfigProblem p : result.problems()) {
            String line = p.toString();
            Check.that(!p.origins().isEmpty() && p.origins().size() <= 2, () -> "a problem has 1 or 2 origins: " + line);
            Check.that(p.origins().size() == 1 || p.kind() == Kind.CONFLICT || p.kind() == Kind.DUPLICATE,
                    () -> "only a conflict or duplicate names two places: " + line);
            for (Origin o : p.origins()) {
                Check.that(files.contains(o.file()), () -> "origin names a file that was not read: " + line);
                Check.that(o.field().length() <= MAX_VALUE + 1 && o.value().length() <= MAX_VALUE + 1,
                        () -> "field or value longer than the bound: " + line.length());
            }
            Origin last = p.origins().getLast();
            if (NAME_A_FIELD.contains(p.kind())) {
                Check.that(!last.field().isEmpty() || p.detail().startsWith("unknown key \"\""),
                        () -> "a " + p.kind() + " problem names no field: " + line);
            }
            if (QUOTE_A_VALUE.contains(p.kind())) {
                Check.that(!last.value().isEmpty(), () -> "a " + p.kind() + " problem quotes no value: " + line);
            }
            Check.that(p.detail().length() <= MAX_DETAIL + 1, () -> "detail longer than the bound: " + p.detail().length());
            Check.oneLine(line, "problem line");
            int s = p.isError() ? 0 : 1;
            total[s]++;
            perFile.computeIfAbsent(last.file(), f -> new int[2])[s]++;
        }
        Check.that(total[0] <= TOTAL && total[1] <= TOTAL, "more problems kept than the total bound");
        perFile.forEach((f, n) -> Check.that(n[0] <= PER_FILE && n[1] <= PER_FILE, () -> "more problems kept for " + f
                + " than the per-file bound"));
        if (result.omitted().errors() > 0) {
            Check.that(total[0] > 0, "errors omitted but none listed");
        }
        Check.that(result.valid() == (total[0] == 0 && result.omitted().errors() == 0), "verdict disagrees with the report");
    }

    /** A valid configuration: bounded, canonical, consistent with the flags. */
    private static void config(EffectiveConfig c, ConfigSettings settings, List<ConfigDocument> documents) {
        int values = c.nonMasquerade().size() + c.masquerade().size() + c.covered().size();
        Check.that(values <= MAX_VALUES + 11, () -> "more CIDRs than the value bound: " + values);
        Check.that(c.resyncInterval().compareTo(ConfigSettings.MIN_RESYNC_INTERVAL) >= 0, "resync interval below the floor");
        Check.that(c.files().size() == documents.size(), () -> "files listed: " + c.files());
        Set<Cidr> nonMasq = new HashSet<>();
        Set<Cidr> masq = new HashSet<>();
        for (CidrEntry e : c.nonMasquerade()) {
            Check.that(nonMasq.add(e.cidr()), () -> "non-masquerade CIDR listed twice: " + e.cidr());
            family(e.cidr(), settings);
        }
        // CIDRs nest or are disjoint: sorted by network then length, a nesting pair shows as neighbours.
        TreeSet<Cidr> rendered = new TreeSet<>();
        c.nonMasquerade().forEach(e -> rendered.add(e.cidr()));
        Cidr previous = null;
        for (Cidr r : rendered) {
            Cidr p = previous;
            Check.that(p == null || !p.contains(r), () -> "rendered CIDR " + r + " is inside rendered " + p);
            previous = r;
        }
        for (CidrEntry e : c.covered()) {
            Check.that(nonMasq.add(e.cidr()), () -> "covered CIDR listed twice: " + e.cidr());
            Cidr floor = rendered.floor(e.cidr());
            Check.that(floor != null && floor.contains(e.cidr()) && !floor.equals(e.cidr()),
                    () -> "covered CIDR inside no rendered one: " + e.cidr());
        }
        for (CidrEntry e : c.masquerade()) {
            Check.that(masq.add(e.cidr()), () -> "masquerade CIDR listed twice: " + e.cidr());
            Check.that(!nonMasq.contains(e.cidr()), () -> "CIDR in both lists: " + e.cidr());
            family(e.cidr(), settings);
        }
    }

    private static void family(Cidr cidr, ConfigSettings settings) {
        Check.that(settings.enableIpv6() || cidr.family() == IpFamily.IPV4, () -> "IPv6 CIDR without --enable-ipv6: " + cidr);
    }
}
