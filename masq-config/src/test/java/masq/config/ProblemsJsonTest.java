package masq.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import masq.api.spi.ConfigDocument;
import masq.api.spi.ConfigSnapshot;
import org.junit.jupiter.api.Test;

class ProblemsJsonTest {

    @Test
    void rendersEveryFieldOfEveryProblem() {
        LoadResult r = ConfigEngine.load(new ConfigSnapshot(true, List.of(
                new ConfigDocument("ip-masq-a", "nonMasqueradeCIDRs: [\"10.0.0.1/8\"]\nmasqLinkLocal: false\n"),
                new ConfigDocument("ip-masq-b", "masqLinkLocal: true\n")), List.of()),
                new ConfigSettings(false, false, ConflictPolicy.WARN, Duration.ofSeconds(60)));

        assertEquals("[{\"severity\":\"ERROR\",\"kind\":\"HOST_BITS\",\"origins\":[{\"file\":\"ip-masq-a\","
                + "\"field\":\"nonMasqueradeCIDRs[0]\",\"value\":\"10.0.0.1/8\"}],\"detail\":\"CIDR \\\"10.0.0.1/8\\\""
                + " is not aligned to a CIDR block, ip: \\\"10.0.0.1\\\" network: \\\"10.0.0.0/8\\\" (did you mean"
                + " 10.0.0.0/8?)\",\"message\":\"ip-masq-a: nonMasqueradeCIDRs[0]: \\\"10.0.0.1/8\\\": CIDR"
                + " \\\"10.0.0.1/8\\\" is not aligned to a CIDR block, ip: \\\"10.0.0.1\\\" network:"
                + " \\\"10.0.0.0/8\\\" (did you mean 10.0.0.0/8?)\"},"
                + "{\"severity\":\"WARNING\",\"kind\":\"CONFLICT\",\"origins\":["
                + "{\"file\":\"ip-masq-a\",\"field\":\"masqLinkLocal\",\"value\":\"false\"},"
                + "{\"file\":\"ip-masq-b\",\"field\":\"masqLinkLocal\",\"value\":\"true\"}],"
                + "\"detail\":\"files disagree on masqLinkLocal; true wins (the values are ORed)\","
                + "\"message\":\"ip-masq-a: masqLinkLocal: \\\"false\\\" vs ip-masq-b: masqLinkLocal: \\\"true\\\":"
                + " files disagree on masqLinkLocal; true wins (the values are ORed)\"}]",
                ProblemsJson.render(r.problems()));
    }

    @Test
    void noProblemsIsAnEmptyArray() {
        assertEquals("[]", ProblemsJson.render(List.of()));
    }
}
