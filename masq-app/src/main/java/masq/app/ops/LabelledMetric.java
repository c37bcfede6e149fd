package masq.app.ops;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A counter, gauge or info family: one value per set of label values, samples ordered by label values (as
 * the client ordered them). Label names must be given in alphabetical order, the order they are written in.
 * An unlabelled family has its one sample from the start, at 0; a labelled one only the series set or
 * initialised. Not thread-safe: {@link AgentMetrics} serialises the changes.
 */
final class LabelledMetric extends Metric {
    /** What the {@code # TYPE} line says, and how the value is written. */
    enum Kind {
        COUNTER("counter"), GAUGE("gauge"),
        /** An info metric: written as a gauge whose value is the integer 1 (text format 0.0.4 has no info type). */
        INFO("gauge");

        private final String type;

        Kind(String type) {
            this.type = type;
        }
    }

    private final Kind kind;
    private final List<String> labelNames;
    private final Map<List<String>, double[]> series = new TreeMap<>(LabelledMetric::compare);

    LabelledMetric(Kind kind, String name, String help, String... labelNames) {
        super(name, help);
        if (kind == Kind.COUNTER && !name.endsWith("_total")) {
            throw new IllegalArgumentException("a counter's name ends in _total: " + name);
        }
        for (int i = 1; i < labelNames.length; i++) {
            if (labelNames[i - 1].compareTo(labelNames[i]) >= 0) {
                throw new IllegalArgumentException("label names not in alphabetical order: " + Arrays.toString(labelNames));
            }
        }
        this.kind = kind;
        this.labelNames = List.of(labelNames);
        if (labelNames.length == 0) {
            series.put(List.of(), new double[1]);
        }
    }

    private double[] cell(String... labelValues) {
        if (labelValues.length != labelNames.size()) {
            throw new IllegalArgumentException(name + " has labels " + labelNames + ", given " + Arrays.toString(labelValues));
        }
        return series.computeIfAbsent(List.of(labelValues), k -> new double[1]);
    }

    /** Creates the series at 0 if it does not exist, so it is exposed before its first change. */
    void init(String... labelValues) {
        cell(labelValues);
    }

    void inc(String... labelValues) {
        cell(labelValues)[0]++;
    }

    void set(double value, String... labelValues) {
        if (kind == Kind.COUNTER) {
            throw new IllegalStateException("a counter only increases: " + name);
        }
        cell(labelValues)[0] = value;
    }

    /** Removes every series (a labelled family). */
    void clear() {
        if (!labelNames.isEmpty()) {
            series.clear();
        }
    }

    @Override
    void write(StringBuilder out) {
        if (series.isEmpty()) {
            return;
        }
        header(out, kind.type);
        series.forEach((values, v) -> {
            out.append(name);
            if (!values.isEmpty()) {
                out.append('{');
                for (int i = 0; i < values.size(); i++) {
                    out.append(i == 0 ? "" : ",").append(labelNames.get(i)).append("=\"");
                    escape(out, values.get(i), true);
                    out.append('"');
                }
                out.append('}');
            }
            out.append(' ');
            if (kind == Kind.INFO) {
                out.append('1');
            } else {
                value(out, v[0]);
            }
            out.append('\n');
        });
    }

    private static int compare(List<String> a, List<String> b) {
        for (int i = 0; i < a.size(); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
