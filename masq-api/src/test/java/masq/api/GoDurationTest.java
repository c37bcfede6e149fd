package masq.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The one table of Go durations: every row's expectation is what Go's {@code time.ParseDuration} and
 * {@code Duration.String} return for the input (checked with go1.19's time package, whose ParseDuration
 * is the same code as today's), written literally.
 */
class GoDurationTest {

    /** Input, nanoseconds, Go's String() of the result. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "0                          | 0                    | 0s",
        "-0                         | 0                    | 0s",
        "+0                         | 0                    | 0s",
        "0s                         | 0                    | 0s",
        "-0s                        | 0                    | 0s",
        "1h1m1.5s                   | 3661500000000        | 1h1m1.5s",
        ".5s                        | 500000000            | 500ms",
        "1.s                        | 1000000000           | 1s",
        "+5s                        | 5000000000           | 5s",
        "-5s                        | -5000000000          | -5s",
        "1.5h                       | 5400000000000        | 1h30m0s",
        "300ms                      | 300000000            | 300ms",
        "2us                        | 2000                 | 2\u00b5s",
        "2\u00b5s                   | 2000                 | 2\u00b5s",
        "2\u03bcs                   | 2000                 | 2\u00b5s",
        "1ns                        | 1                    | 1ns",
        "1m1h                       | 3660000000000        | 1h1m0s",
        "1s1s1s                     | 3000000000           | 3s",
        "0.000000001s               | 1                    | 1ns",
        "0.0000000009s              | 0                    | 0s",
        "1.0000000001s              | 1000000000           | 1s",
        "0.1ns                      | 0                    | 0s",
        "1.9999999999ns             | 1                    | 1ns",
        "0.3333333333333333333h     | 1200000000000        | 20m0s",
        "1.00000000000000000000001s | 1000000000           | 1s",
        "00000000000000000000000000001s | 1000000000       | 1s",
        "9223372036854775807ns      | 9223372036854775807  | 2562047h47m16.854775807s",
        "9223372036.854775807s      | 9223372036854775807  | 2562047h47m16.854775807s",
        "2562047h47m16.854775807s   | 9223372036854775807  | 2562047h47m16.854775807s",
        "-9223372036854775808ns     | -9223372036854775808 | -2562047h47m16.854775808s",
        "-2562047h47m16.854775808s  | -9223372036854775808 | -2562047h47m16.854775808s",
    })
    void parsesAndFormatsLikeGo(String text, long nanos, String go) {
        Duration d = GoDuration.parse(text);
        assertEquals(Duration.ofNanos(nanos), d);
        assertEquals(go, GoDuration.format(d));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "''                         | time: invalid duration \"\"",
        "+                          | time: invalid duration \"+\"",
        "-                          | time: invalid duration \"-\"",
        "+-5s                       | time: invalid duration \"+-5s\"",
        "5                          | time: missing unit in duration \"5\"",
        "60                         | time: missing unit in duration \"60\"",
        "1e3s                       | time: unknown unit \"e\" in duration \"1e3s\"",
        "1d                         | time: unknown unit \"d\" in duration \"1d\"",
        "5S                         | time: unknown unit \"S\" in duration \"5S\"",
        "'1 s'                      | time: unknown unit \" s\" in duration \"1 s\"",
        "' 1s'                      | time: invalid duration \" 1s\"",
        "'1s '                      | time: unknown unit \"s \" in duration \"1s \"",
        ".s                         | time: invalid duration \".s\"",
        "-.s                        | time: invalid duration \"-.s\"",
        "1..5s                      | time: missing unit in duration \"1..5s\"",
        "1h-1m                      | time: unknown unit \"h-\" in duration \"1h-1m\"",
        "1\u00e9                    | time: unknown unit \"\\xc3\\xa9\" in duration \"1\\xc3\\xa9\"",
        "'1s\n'                     | time: unknown unit \"s\\x0a\" in duration \"1s\\x0a\"",
        "9223372036854775808ns      | time: invalid duration \"9223372036854775808ns\"",
        "-9223372036854775809ns     | time: invalid duration \"-9223372036854775809ns\"",
        "9223372036.854775808s      | time: invalid duration \"9223372036.854775808s\"",
        "2562047h47m16.854775808s   | time: invalid duration \"2562047h47m16.854775808s\"",
        "2562048h                   | time: invalid duration \"2562048h\"",
        "3000000h                   | time: invalid duration \"3000000h\"",
        "100000000000000000000s     | time: invalid duration \"100000000000000000000s\"",
        // Go wraps this sum of two 2^63 ns parts around to 0s; an overflow here (GoDuration's Javadoc).
        "9223372036854775808ns9223372036854775808ns | time: invalid duration \"9223372036854775808ns9223372036854775808ns\"",
    })
    void rejectsWithGoMessages(String text, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(text)).getMessage());
    }

    @Test
    void quotesControlCharactersInMessagesAsGoDoes() {
        // Not in the table above: JUnit's CSV reader drops NUL characters.
        assertEquals("time: unknown unit \"\\x00s\" in duration \"1\\x00s\"",
                assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("1\u0000s")).getMessage());
    }

    @Test
    void refusesTextLongerThanTheBoundWithoutQuotingIt() {
        String oneMillionDigits = "1".repeat(1_048_000) + "s";
        String message = assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(oneMillionDigits)).getMessage();
        assertEquals("invalid duration: 1048001 characters, more than 256", message);
        // At the bound, Go's own rules decide: a long fraction is valid, a long integer part overflows.
        String longFraction = "1." + "0".repeat(GoDuration.MAX_LENGTH - 3) + "s";
        assertEquals(GoDuration.MAX_LENGTH, longFraction.length());
        assertEquals(Duration.ofSeconds(1), GoDuration.parse(longFraction));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> GoDuration.parse("9".repeat(GoDuration.MAX_LENGTH - 1) + "s")).getMessage()
                .startsWith("time: invalid duration \"999"));
    }
}
