package masq.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected texts are Go's {@code fmt.Sprintf("%q", s)} for each input (go1.19), written literally. */
class GoQuoteTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "IP-MASQ-AGENT                      | \"IP-MASQ-AGENT\"",
        "''                                 | \"\"",
        "a\"b\\c                            | \"a\\\"b\\\\c\"",
        "'\u0001\u0007\b\f\n\r\t\u000b\u007f' | \"\\x01\\a\\b\\f\\n\\r\\t\\v\\x7f\"",
        "\u00b5\u00e9                       | \"\u00b5\u00e9\"",
        "'\u200b\u2028\u202e\u00a0 x'       | \"\\u200b\\u2028\\u202e\\u00a0 x\"",
        "\ud83d\ude00                       | \"\ud83d\ude00\"",
        "\u0085                             | \"\\u0085\"",
        "\ufeff                             | \"\\ufeff\"",
    })
    void quotesLikeGo(String s, String go) {
        assertEquals(go, GoQuote.quote(s));
    }

    @Test
    void quotesNul() {
        // Not in the table: JUnit's CSV reader drops NUL characters.
        assertEquals("\"a\\x00b\"", GoQuote.quote("a\u0000b"));
        assertEquals("a\\x00b", GoQuote.escapeControls("a\u0000b"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "ip-masq-agent          | ip-masq-agent",
        "'ip masq'              | ip masq",
        "a\"b                   | \"a\\\"b\"",
        "'ip-masq-\nERROR x'    | \"ip-masq-\\nERROR x\"",
    })
    void quotesNamesOnlyWhenTheyHoldSomethingToEscape(String s, String shown) {
        assertEquals(shown, GoQuote.quoteIfNeeded(s));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "'CIDR \"x\" is bad'        | CIDR \"x\" is bad",
        "'line1\nline2\u0001\u202e' | line1\\nline2\\x01\\u202e",
    })
    void escapesControlsInFreeTextButNotQuotes(String s, String shown) {
        assertEquals(shown, GoQuote.escapeControls(s));
    }
}
