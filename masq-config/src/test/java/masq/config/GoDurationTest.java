package masq.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoDurationTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "60s        | PT60S",
        "1m30s      | PT90S",
        "1h2m3.5s   | PT1H2M3.5S",
        "300ms      | PT0.3S",
        "1.5h       | PT1H30M",
        ".5s        | PT0.5S",
        "5.s        | PT5S",
        "+2m        | PT2M",
        "-1s        | PT-1S",
        "0          | PT0S",
        "0s         | PT0S",
        "1ns        | PT0.000000001S",
        "2us        | PT0.000002S",
        "2\u00b5s   | PT0.000002S",
        "2\u03bcs   | PT0.000002S",
        "1h1h       | PT2H",
        "2562047h47m16.854775807s | PT2562047H47M16.854775807S",
    })
    void parsesGoSyntax(String text, String iso) {
        assertEquals(Duration.parse(iso), GoDuration.parse(text.strip()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "''         | time: invalid duration \"\"",
        "60         | time: missing unit in duration \"60\"",
        "1d         | time: unknown unit \"d\" in duration \"1d\"",
        "1 s        | time: unknown unit \" s\" in duration \"1 s\"",
        "s          | time: invalid duration \"s\"",
        ".s         | time: invalid duration \".s\"",
        "-          | time: invalid duration \"-\"",
        "1s-1s      | time: unknown unit \"s-\" in duration \"1s-1s\"",
        "1S         | time: unknown unit \"S\" in duration \"1S\"",
        "2562047h47m16.854775808s | time: invalid duration \"2562047h47m16.854775808s\"",
        "9999999999999999999h     | time: invalid duration \"9999999999999999999h\"",
    })
    void rejectsWithGoMessages(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(text));
        assertEquals(message, e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "PT0S              | 0s",
        "PT60S             | 1m0s",
        "PT90S             | 1m30s",
        "PT1H              | 1h0m0s",
        "PT1H2M3.5S        | 1h2m3.5s",
        "PT0.3S            | 300ms",
        "PT0.0015S         | 1.5ms",
        "PT0.000002S       | 2\u00b5s",
        "PT0.000000001S    | 1ns",
        "PT-90S            | -1m30s",
        "PT26H             | 26h0m0s",
        "PT1.000000001S    | 1.000000001s",
    })
    void formatsLikeGo(String iso, String go) {
        assertEquals(go, GoDuration.format(Duration.parse(iso)));
    }
}
