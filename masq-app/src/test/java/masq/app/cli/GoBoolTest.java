package masq.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Durations and quoting are tested with their one implementation, masq.api's GoDuration and GoQuote. */
class GoBoolTest {

    @Test
    void parseBoolIsStrconvParseBool() {
        assertEquals(Boolean.TRUE, GoBool.parse("T"));
        assertEquals(Boolean.FALSE, GoBool.parse("0"));
        assertNull(GoBool.parse("yes"));
        assertNull(GoBool.parse("tRUE"));
    }
}
