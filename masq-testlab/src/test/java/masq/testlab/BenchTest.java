package masq.testlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class BenchTest {

    @Test
    void medianOfAnOddAndAnEvenCount() {
        assertEquals(3.0, Bench.median(List.of(5.0, 1.0, 3.0)));
        assertEquals(2.5, Bench.median(List.of(4.0, 1.0, 3.0, 2.0)));
        assertEquals(2.5, Bench.median(new double[] {4, 1, 3, 2}));
        assertThrows(IllegalArgumentException.class, () -> Bench.median(List.of()));
    }

    @Test
    void nearestRankPercentiles() {
        List<Double> hundred = java.util.stream.IntStream.rangeClosed(1, 100).mapToObj(i -> (double) i).toList();
        assertEquals(50.0, Bench.percentile(hundred, 50));
        assertEquals(99.0, Bench.percentile(hundred, 99));
        assertEquals(100.0, Bench.percentile(hundred, 100));
        assertEquals(7.0, Bench.percentile(List.of(7.0), 1));
    }

    @Test
    void withoutAResultFileABenchmarkIsSkipped() {
        // The build never sets bench.out: only scripts/lib/bench.sh's bench_run does.
        TestAbortedException skipped = assertThrows(TestAbortedException.class, () -> Bench.out("bench-x.sh"));
        assertEquals("Assumption failed: benchmark: run scripts/bench-x.sh", skipped.getMessage());
    }
}
