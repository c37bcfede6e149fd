package masq.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GoValuesTest {

    @Test
    void parsesGoDurations() {
        assertEquals(Duration.ofSeconds(60), GoValues.parseDuration("60s"));
        assertEquals(Duration.ofSeconds(90), GoValues.parseDuration("1m30s"));
        assertEquals(Duration.ofMillis(1500), GoValues.parseDuration("1.5s"));
        assertEquals(Duration.ofMillis(300), GoValues.parseDuration("300ms"));
        assertEquals(Duration.ofNanos(2_000), GoValues.parseDuration("2us"));
        assertEquals(Duration.ofNanos(2_000), GoValues.parseDuration("2µs"));
        assertEquals(Duration.ofHours(2).plusMinutes(45), GoValues.parseDuration("2h45m"));
        assertEquals(Duration.ZERO, GoValues.parseDuration("0"));
        assertEquals(Duration.ofSeconds(-5), GoValues.parseDuration("-5s"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "60", "s", "1m30", "1 m", "1d", ".s", "1.2.3s", "+", "-"})
    void rejectsWhatGoRejects(String text) {
        assertNull(GoValues.parseDuration(text));
    }

    @Test
    void formatsLikeGoDurationString() {
        assertEquals("1m0s", GoValues.format(Duration.ofSeconds(60)));
        assertEquals("1m30s", GoValues.format(Duration.ofSeconds(90)));
        assertEquals("1h0m0s", GoValues.format(Duration.ofHours(1)));
        assertEquals("5s", GoValues.format(Duration.ofSeconds(5)));
        assertEquals("1.5s", GoValues.format(Duration.ofMillis(1500)));
        assertEquals("500ms", GoValues.format(Duration.ofMillis(500)));
        assertEquals("0s", GoValues.format(Duration.ZERO));
    }

    @Test
    void quotesLikePercentQ() {
        assertEquals("\"IP-MASQ-AGENT\"", GoValues.quote("IP-MASQ-AGENT"));
        assertEquals("\"a\\\"b\\\\c\\n\"", GoValues.quote("a\"b\\c\n"));
        assertEquals("\"\"", GoValues.quote(""));
    }

    @Test
    void parseBoolIsStrconvParseBool() {
        assertEquals(Boolean.TRUE, GoValues.parseBool("T"));
        assertEquals(Boolean.FALSE, GoValues.parseBool("0"));
        assertNull(GoValues.parseBool("yes"));
        assertNull(GoValues.parseBool("tRUE"));
    }
}
