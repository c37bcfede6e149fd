package masq.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PortRangeTest {

    @Test
    void parsesTheOriginalsSyntaxKeepingOrder() {
        List<PortRange> ranges = PortRange.parseList("1024-29999,32768-65535,80");
        assertEquals("[1024-29999, 32768-65535, 80]", ranges.toString());
        assertEquals(28976, ranges.get(0).size());
        assertEquals(1, ranges.get(2).size());
        assertEquals(List.of(), PortRange.parseList(""));
        assertEquals("[5-5, 5]".replace("5-5", "5"), PortRange.parseList("5-5,5").toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1-2-3|invalid interval \"1-2-3\"",
        "20-10|first is greater than last in \"20-10\"",
        "a|invalid port \"a\" in interval \"a\"",
        "1024-|invalid port \"\" in interval \"1024-\"",
        "1024, 2000|invalid port \" 2000\" in interval \" 2000\"",
        "0-10|port out of range 1-65535 in \"0-10\"",
        "65535-70000|port out of range 1-65535 in \"65535-70000\"",
        "1,|invalid port \"\" in interval \"\"",
    })
    void rejectsNamingTheItem(String text, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> PortRange.parseList(text)).getMessage());
    }
}
