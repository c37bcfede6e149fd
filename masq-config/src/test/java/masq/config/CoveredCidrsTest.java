package masq.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import masq.api.Cidr;
import masq.api.IpAddress;
import masq.api.IpFamily;
import masq.api.MasqPolicy;
import masq.api.spi.ConfigDocument;
import masq.api.spi.ConfigSnapshot;
import org.junit.jupiter.api.Test;

/** Dropping covered non-masquerade CIDRs from the rendered list must never change a verdict. */
class CoveredCidrsTest {
    private static final ConfigSettings SETTINGS =
            new ConfigSettings(false, false, ConflictPolicy.WARN, Duration.ofSeconds(60));

    @Test
    void droppingCoveredCidrsNeverChangesAVerdict() {
        Random random = new Random(20260101); // fixed seed: deterministic
        int configsWithCovered = 0;
        for (int round = 0; round < 300; round++) {
            List<String> nonMasq = randomCidrs(random, 1 + random.nextInt(8));
            List<String> masq = randomCidrs(random, random.nextInt(4));
            masq.removeAll(nonMasq); // the same CIDR in both lists is an error, not what this test is about
            String yaml = "nonMasqueradeCIDRs: [" + String.join(", ", nonMasq) + "]\n"
                    + "masqueradeCIDRs: [" + String.join(", ", masq) + "]\n";
            LoadResult r = ConfigEngine.load(new ConfigSnapshot(true,
                    List.of(new ConfigDocument("ip-masq-agent", yaml)), List.of()), SETTINGS);
            EffectiveConfig config = r.config().orElseThrow(() -> new AssertionError(yaml + r.problems()));
            if (!config.covered().isEmpty()) {
                configsWithCovered++;
            }
            MasqPolicy rendered = config.toPolicy(Set.of(IpFamily.IPV4), List.of(), true, MasqPolicy.DEFAULT_CHAIN);
            List<Cidr> everything = new ArrayList<>(config.nonMasquerade().stream().map(CidrEntry::cidr).toList());
            everything.addAll(config.covered().stream().map(CidrEntry::cidr).toList());
            MasqPolicy full = new MasqPolicy(rendered.families(), everything, rendered.masquerade(), false, false,
                    List.of(), true, MasqPolicy.DEFAULT_CHAIN);
            for (int i = 0; i < 200; i++) {
                IpAddress dst = randomAddress(random);
                assertEquals(full.decide(dst).masquerade(), rendered.decide(dst).masquerade(), yaml + " " + dst);
            }
        }
        assertFalse(configsWithCovered < 50, "too few configs with covered CIDRs: " + configsWithCovered);
    }

    /** CIDRs inside 10.0.0.0/8 with short prefixes, so that many nest inside each other. */
    private static List<String> randomCidrs(Random random, int count) {
        return random.ints(count, 0, 1 << 12).mapToObj(bits -> {
            int prefix = 8 + random.nextInt(9);
            IpAddress address = IpAddress.parse("10." + (bits >> 4) + "." + ((bits & 15) << 4) + ".0");
            return new Cidr(address.mask(prefix), prefix).toString();
        }).distinct().collect(Collectors.toCollection(ArrayList::new));
    }

    private static IpAddress randomAddress(Random random) {
        return IpAddress.parse("10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256));
    }
}
