package masq.testlab;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * What every benchmark shares. A benchmark is a JUnit class named {@code *Bench} in the tests of the module
 * it measures; surefire's default includes never match that name, so a plain build does not run one, and
 * {@link #out} skips it unless a result file was asked for. The one way to run a benchmark is its script,
 * through {@code bench_run} in {@code scripts/lib/bench.sh} ({@code -Dtest=<class> -Dbench.out=FILE}).
 * Benchmarks assert nothing about time; they write medians and ratios measured in one run.
 */
public final class Bench {
    private Bench() {
    }

    /**
     * Where to write the results ({@code -Dbench.out}); skips the test when it is not set.
     *
     * @param script the script that runs this benchmark, for the skip message
     */
    public static Path out(String script) {
        String out = System.getProperty("bench.out", "");
        assumeTrue(!out.isEmpty(), "benchmark: run scripts/" + script);
        return Path.of(out);
    }

    /** An integer parameter of the run ({@code -Dname=value}, passed on by the script), else the default. */
    public static int parameter(String name, int otherwise) {
        return Integer.getInteger(name, otherwise);
    }

    /** A text parameter of the run, else the default. */
    public static String parameter(String name, String otherwise) {
        return System.getProperty(name, otherwise);
    }

    /** The median (the mean of the middle two for an even count). */
    public static double median(Collection<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        if (sorted.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
    }

    /** The median of an array. */
    public static double median(double[] values) {
        return median(java.util.Arrays.stream(values).boxed().toList());
    }

    /** The nearest-rank percentile ({@code p} in 1..100; 100 is the maximum). */
    public static double percentile(Collection<Double> values, int p) {
        List<Double> sorted = values.stream().sorted().toList();
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
