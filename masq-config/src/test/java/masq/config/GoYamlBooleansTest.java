package masq.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every scalar go-yaml v2 resolves to a boolean (gopkg.in/yaml.v2 resolve.go, vendored by the Go original
 * v2.11.0: y Y yes Yes YES true True TRUE on On ON, n N no No NO false False FALSE off Off OFF) is one here
 * too; other spellings and quoted forms stay strings, as there.
 */
class GoYamlBooleansTest {
    private static JsonNode value(String scalar) {
        return new YamlReader().read("masqLinkLocal: " + scalar + "\n", 100).first().orElseThrow().get("masqLinkLocal");
    }

    @ParameterizedTest
    @ValueSource(strings = {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"})
    void trueForms(String scalar) {
        assertEquals(true, value(scalar).isBoolean() && value(scalar).booleanValue(), scalar);
    }

    @ParameterizedTest
    @ValueSource(strings = {"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"})
    void falseForms(String scalar) {
        assertTrue(value(scalar).isBoolean() && !value(scalar).booleanValue(), scalar);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"y\"", "'n'", "yES", "tRUE", "oN", "yy", "t", "f", "1", "!!str y"})
    void stringsAndNumbersStayWhatTheyAre(String scalar) {
        assertTrue(!value(scalar).isBoolean(), scalar + " read as " + value(scalar));
    }

    @org.junit.jupiter.api.Test
    void shortFormsAreReportedWithTheirTopLevelKeyAsWritten() {
        var result = new YamlReader().read("MasqLinkLocal: Y\nlist: [n]\nother: yes\nn: 1\n", 100);
        assertEquals(Map.of("MasqLinkLocal", "Y"), result.shortBooleans());
        // A y/n key becomes "true"/"false", as go-yaml's YAML-to-JSON step writes it.
        assertTrue(result.first().orElseThrow().has("false"), result.first().toString());
        assertTrue(result.first().orElseThrow().get("list").get(0).isBoolean());
    }
}
