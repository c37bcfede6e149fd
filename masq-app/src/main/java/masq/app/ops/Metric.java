package masq.app.ops;

/**
 * One metric family as the Prometheus text format 0.0.4 writes it: {@code # HELP}, {@code # TYPE}, then its
 * samples. The agent has thirteen families changed by one thread at the end of each loop iteration, so it
 * writes the format itself instead of loading a client library's ≈130 classes for them (docs/decisions.md D4).
 * What the official client wrote is pinned by a golden test of the whole page (AgentMetricsTest).
 */
abstract sealed class Metric permits LabelledMetric, HistogramMetric {
    /** The name exposed; counters include their {@code _total}. */
    final String name;
    private final String help;

    Metric(String name, String help) {
        if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
            throw new IllegalArgumentException("not a metric name: " + name);
        }
        this.name = name;
        this.help = help;
    }

    /** Appends this family's lines; nothing when it has no sample (a labelled family with no series yet). */
    abstract void write(StringBuilder out);

    final void header(StringBuilder out, String type) {
        out.append("# HELP ").append(name).append(' ');
        escape(out, help, false);
        out.append("\n# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    /** Backslash and line feed escaped, and the double quote too in a label value (the format's rules). */
    static void escape(StringBuilder out, String text, boolean labelValue) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '"' -> out.append(labelValue ? "\\\"" : "\"");
                default -> out.append(c);
            }
        }
    }

    /** A sample value: Java's shortest decimal form ({@code 0.0}, {@code 1.7673230456E9}), {@code +Inf}, {@code -Inf}, {@code NaN}. */
    static void value(StringBuilder out, double v) {
        if (v == Double.POSITIVE_INFINITY) {
            out.append("+Inf");
        } else if (v == Double.NEGATIVE_INFINITY) {
            out.append("-Inf");
        } else {
            out.append(v);
        }
    }
}
