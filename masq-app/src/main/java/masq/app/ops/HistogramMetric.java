package masq.app.ops;

/**
 * An unlabelled classic histogram with fixed upper bounds: cumulative {@code _bucket} samples (the bound as
 * {@code le}, then {@code +Inf}), {@code _count} and {@code _sum}. Not thread-safe: {@link AgentMetrics}
 * serialises the changes.
 */
final class HistogramMetric extends Metric {
    private final double[] bounds;
    /** Observations per bucket, not cumulative; the last is above every bound. */
    private final long[] counts;
    private double sum;

    HistogramMetric(String name, String help, double... bounds) {
        super(name, help);
        for (int i = 1; i < bounds.length; i++) {
            if (!(bounds[i - 1] < bounds[i])) {
                throw new IllegalArgumentException(name + ": bounds must increase");
            }
        }
        this.bounds = bounds.clone();
        this.counts = new long[bounds.length + 1];
    }

    void observe(double value) {
        int i = 0;
        while (i < bounds.length && value > bounds[i]) {
            i++;
        }
        counts[i]++;
        sum += value;
    }

    @Override
    void write(StringBuilder out) {
        header(out, "histogram");
        long cumulative = 0;
        for (int i = 0; i <= bounds.length; i++) {
            cumulative += counts[i];
            out.append(name).append("_bucket{le=\"");
            value(out, i < bounds.length ? bounds[i] : Double.POSITIVE_INFINITY);
            out.append("\"} ").append(cumulative).append('\n');
        }
        out.append(name).append("_count ").append(cumulative).append('\n');
        out.append(name).append("_sum ");
        value(out, sum);
        out.append('\n');
    }
}
