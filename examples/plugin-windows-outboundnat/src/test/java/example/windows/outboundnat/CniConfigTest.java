package example.windows.outboundnat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.api.Test;

class CniConfigTest {
    static final List<String> SAMPLES = Samples.NAMES;

    @ParameterizedTest
    @FieldSource("SAMPLES")
    void rewritingTheSameListReproducesTheFileByteForByte(String name) throws Exception {
        String text = Samples.sample(name);
        CniConfig config = CniConfig.parse(name, text);
        assertEquals(text, config.withExceptions(config.exceptions()));
    }

    /** The goldens differ from the samples only inside the list (see the diff in the resources). */
    @ParameterizedTest
    @FieldSource("SAMPLES")
    void aNewListChangesOnlyTheList(String name) throws Exception {
        CniConfig config = CniConfig.parse(name, Samples.sample(name));
        assertEquals(Samples.golden(name), config.withExceptions(ExceptionListPolicy.exceptions(Samples.GOLDEN_POLICY)));
    }

    @Test
    void readsTheListOfEachForm() throws Exception {
        CniConfig seed = CniConfig.parse("seed", Samples.sample("seed-win-bridge-v1.conf"));
        assertEquals(List.of("192.168.0.0/16", "11.0.0.0/8", "10.137.196.0/23"), seed.exceptions());
        assertEquals("/policies/0/value/ExceptionList", seed.pointer());
        CniConfig v2 = CniConfig.parse("v2", Samples.sample("flannel-delegate-v2.conf"));
        assertEquals(List.of("10.244.0.0/16", "10.96.0.0/12"), v2.exceptions());
        assertEquals("/delegate/policies/0/value/Settings/Exceptions", v2.pointer());
        CniConfig args = CniConfig.parse("args", Samples.sample("containerd-sdnbridge-additionalargs.conf"));
        assertEquals(List.of("10.244.0.0/16"), args.exceptions());
        assertEquals("/AdditionalArgs/0/Value/Settings/Exceptions", args.pointer());
    }

    @Test
    void aMissingListIsAddedAtTheEndOfThePolicyInTheFormOfTheSchema() throws Exception {
        String v1 = "{\n  \"policies\": [\n    {\n      \"name\": \"EndpointPolicy\",\n      \"value\": {\n"
                + "        \"Type\": \"OutBoundNAT\"\n      }\n    }\n  ]\n}\n";
        assertEquals("{\n  \"policies\": [\n    {\n      \"name\": \"EndpointPolicy\",\n      \"value\": {\n"
                + "        \"Type\": \"OutBoundNAT\",\n        \"ExceptionList\": [\n          \"10.0.0.0/8\"\n"
                + "        ]\n      }\n    }\n  ]\n}\n", CniConfig.parse("v1", v1).withExceptions(List.of("10.0.0.0/8")));
        String v2 = "{\"apiVersion\":2,\"policies\":[{\"name\":\"EndpointPolicy\",\"value\":{\"Type\":\"OutBoundNAT\"}}]}";
        assertEquals("{\"apiVersion\":2,\"policies\":[{\"name\":\"EndpointPolicy\",\"value\":{\"Type\":\"OutBoundNAT\","
                + "\"Settings\":{\"Exceptions\":[\"10.0.0.0/8\"]}}}]}",
                CniConfig.parse("v2", v2).withExceptions(List.of("10.0.0.0/8")));
    }

    @Test
    void aByteOrderMarkIsKept() throws Exception {
        String text = "\uFEFF{\r\n  \"policies\": [\r\n    {\r\n      \"name\": \"EndpointPolicy\",\r\n"
                + "      \"value\": {\r\n        \"Type\": \"OutBoundNAT\",\r\n        \"ExceptionList\": []\r\n"
                + "      }\r\n    }\r\n  ]\r\n}\r\n";
        CniConfig config = CniConfig.parse("bom.conf", text);
        assertEquals(text, config.withExceptions(List.of()));
        assertEquals("\uFEFF{\r\n  \"policies\": [\r\n    {\r\n      \"name\": \"EndpointPolicy\",\r\n"
                + "      \"value\": {\r\n        \"Type\": \"OutBoundNAT\",\r\n        \"ExceptionList\": [\r\n"
                + "          \"10.0.0.0/8\"\r\n        ]\r\n      }\r\n    }\r\n  ]\r\n}\r\n",
                config.withExceptions(List.of("10.0.0.0/8")));
    }

    @Test
    void spaceBeforeColonIsKept() throws Exception {
        String text = "{\n    \"policies\" : [\n        {\n            \"name\" : \"EndpointPolicy\",\n"
                + "            \"value\" : {\n                \"Type\" : \"OutBoundNAT\",\n"
                + "                \"ExceptionList\" : []\n            }\n        }\n    ]\n}";
        CniConfig config = CniConfig.parse("f", text);
        assertEquals(text, config.withExceptions(List.of()));
        assertTrue(config.withExceptions(List.of("10.0.0.0/8")).contains(
                "\"ExceptionList\" : [\n                    \"10.0.0.0/8\"\n                ]"));
    }

    @Test
    void errorsNameTheFileAndTheField() {
        assertEquals("c.conf: no OutBoundNAT endpoint policy (an entry of \"policies\" or \"AdditionalArgs\" named"
                + " EndpointPolicy with Type OutBoundNAT); this backend only maintains the exception list of an"
                + " existing policy", message("{\"policies\":[{\"name\":\"EndpointPolicy\",\"value\":{\"Type\":\"ROUTE\"}}]}"));
        assertEquals("c.conf: 2 OutBoundNAT endpoint policies ([/policies/0/value, /plugins/0/policies/0/value]);"
                + " expected exactly one", message("{\"policies\":[" + NAT + "],\"plugins\":[{\"policies\":[" + NAT + "]}]}"));
        assertEquals("c.conf: /policies/0/value/ExceptionList must be an array of CIDR strings, found \"10.0.0.0/8\"",
                message("{\"policies\":[{\"name\":\"EndpointPolicy\",\"value\":{\"Type\":\"OutBoundNAT\","
                        + "\"ExceptionList\":\"10.0.0.0/8\"}}]}"));
        assertTrue(message("{\"name\": \"a\", \"name\": \"b\"}").startsWith("c.conf: not valid JSON: Duplicate field 'name'"));
        assertTrue(message("{\"policies\": [").startsWith("c.conf: not valid JSON: "));
        assertEquals("c.conf: a CNI config must be a JSON object", message("[]"));
    }

    private static final String NAT = "{\"name\":\"EndpointPolicy\",\"value\":{\"Type\":\"OutBoundNAT\",\"ExceptionList\":[]}}";

    private static String message(String text) {
        return assertThrows(CniConfigException.class, () -> CniConfig.parse("c.conf", text)).getMessage();
    }
}
