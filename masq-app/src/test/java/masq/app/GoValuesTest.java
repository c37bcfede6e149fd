package masq.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Durations and quoting are tested with their one implementation, masq.api's GoDuration and GoQuote. */
class GoValuesTest {

    @Test
    void parseBoolIsStrconvParseBool() {
        assertEquals(Boolean.TRUE, GoValues.parseBool("T"));
        assertEquals(Boolean.FALSE, GoValues.parseBool("0"));
        assertNull(GoValues.parseBool("yes"));
        assertNull(GoValues.parseBool("tRUE"));
    }
}
