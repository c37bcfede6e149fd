package masq.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import masq.api.ConfigProblem;
import masq.api.ConfigProblem.Kind;
import masq.api.ConfigProblem.Origin;
import masq.api.ConfigProblem.Severity;

/**
 * Collects problems in the order they are found, as a bounded report: every problem is counted, but at most
 * {@link #PER_FILE} errors and as many warnings per file, and {@link #TOTAL} of each in all, are kept (the
 * first ones); the rest are counted in {@link #omitted()}. Kept per severity, so an error is never crowded
 * out by warnings. Values are cut to {@link #MAX_VALUE} characters and details to {@link #MAX_DETAIL}: a hostile
 * file (20 000 aliases to a 1 000-character string) makes at most a few hundred short lines, never 63 MB of log.
 */
final class Problems {
    static final int PER_FILE = LoadResult.Omitted.PER_FILE;
    static final int TOTAL = LoadResult.Omitted.TOTAL;
    /** A value quoted in a problem is cut to this many characters, with "…" appended. */
    static final int MAX_VALUE = 200;
    /** A problem's detail is cut to this many characters, with "…" appended. */
    static final int MAX_DETAIL = 1000;

    private final List<ConfigProblem> list = new ArrayList<>();
    private final Map<String, int[]> keptPerFile = new HashMap<>();
    private final int[] kept = new int[2];
    private final int[] omitted = new int[2];

    void error(Kind kind, Origin origin, String detail) {
        add(ConfigProblem.of(Severity.ERROR, kind, origin, detail));
    }

    void warning(Kind kind, Origin origin, String detail) {
        add(ConfigProblem.of(Severity.WARNING, kind, origin, detail));
    }

    void add(Severity severity, Kind kind, Origin first, Origin second, String detail) {
        add(new ConfigProblem(severity, kind, List.of(first, second), detail));
    }

    void addAll(List<ConfigProblem> problems) {
        problems.forEach(this::add);
    }

    private void add(ConfigProblem p) {
        int s = p.isError() ? 0 : 1;
        String file = p.origins().isEmpty() ? "" : p.origins().getLast().file();
        int[] inFile = keptPerFile.computeIfAbsent(file, f -> new int[2]);
        if (inFile[s] >= PER_FILE || kept[s] >= TOTAL) {
            omitted[s]++;
            return;
        }
        inFile[s]++;
        kept[s]++;
        list.add(new ConfigProblem(p.severity(), p.kind(), p.origins().stream()
                .map(o -> new Origin(o.file(), cut(o.field(), MAX_VALUE), cut(o.value(), MAX_VALUE))).toList(),
                cut(p.detail(), MAX_DETAIL)));
    }

    /** Every problem added so far, kept or not. */
    int count() {
        return kept[0] + kept[1] + omitted[0] + omitted[1];
    }

    /** Whether an error was found, kept or not. */
    boolean anyError() {
        return kept[0] + omitted[0] > 0;
    }

    List<ConfigProblem> list() {
        return List.copyOf(list);
    }

    LoadResult.Omitted omitted() {
        return new LoadResult.Omitted(omitted[0], omitted[1]);
    }

    /** {@code s} cut to {@code max} characters (never inside a surrogate pair) with "…" appended; else as is. */
    static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, end) + "\u2026";
    }

    /** A value as details quote it: cut to {@link #MAX_VALUE} characters. */
    static String shown(String value) {
        return cut(value, MAX_VALUE);
    }
}
