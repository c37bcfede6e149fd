package masq.app.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The text format's details that the whole-page golden (AgentMetricsTest) does not reach. */
class MetricTest {
    private static String text(Metric m) {
        StringBuilder out = new StringBuilder();
        m.write(out);
        return out.toString();
    }

    @Test
    void aBoundIsInItsOwnBucket() {
        HistogramMetric h = new HistogramMetric("h_seconds", "help", 0.25, 1);
        h.observe(0.25);
        h.observe(1.5);
        h.observe(0.125);
        assertEquals("""
                # HELP h_seconds help
                # TYPE h_seconds histogram
                h_seconds_bucket{le="0.25"} 2
                h_seconds_bucket{le="1.0"} 2
                h_seconds_bucket{le="+Inf"} 3
                h_seconds_count 3
                h_seconds_sum 1.875
                """, text(h));
    }

    @Test
    void labelValuesAndHelpAreEscapedAndSpecialValuesSpelled() {
        LabelledMetric g = new LabelledMetric(LabelledMetric.Kind.GAUGE, "g", "a \\\\ b\nc \"d\"", "a", "b");
        g.set(Double.NaN, "x\ny", "q\"\\\\");
        g.set(Double.POSITIVE_INFINITY, "a", "");
        g.set(Double.NEGATIVE_INFINITY, "a", "b");
        assertEquals("""
                # HELP g a \\\\\\\\ b\\nc "d"
                # TYPE g gauge
                g{a="a",b=""} +Inf
                g{a="a",b="b"} -Inf
                g{a="x\\ny",b="q\\"\\\\\\\\"} NaN
                """, text(g));
        g.clear();
        assertEquals("", text(g), "a labelled family without series writes nothing");
    }

    @Test
    void misuseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LabelledMetric(LabelledMetric.Kind.GAUGE, "g", "h", "b", "a"));
        assertThrows(IllegalArgumentException.class, () -> new LabelledMetric(LabelledMetric.Kind.COUNTER, "c", "h"));
        assertThrows(IllegalArgumentException.class, () -> new LabelledMetric(LabelledMetric.Kind.GAUGE, "bad-name", "h"));
        LabelledMetric c = new LabelledMetric(LabelledMetric.Kind.COUNTER, "c_total", "h", "l");
        assertThrows(IllegalStateException.class, () -> c.set(1, "x"));
        assertThrows(IllegalArgumentException.class, () -> c.inc("x", "y"));
        assertThrows(IllegalArgumentException.class, () -> new HistogramMetric("h", "h", 1, 1));
    }
}
