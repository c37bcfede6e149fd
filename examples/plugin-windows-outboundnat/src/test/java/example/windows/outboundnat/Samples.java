package example.windows.outboundnat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import masq.api.Cidr;
import masq.api.IpFamily;
import masq.api.MasqPolicy;

/** Test resources: sample CNI configs and their expected rewrites. */
final class Samples {
    static final List<String> NAMES = List.of("seed-win-bridge-v1.conf", "flannel-delegate-v2.conf",
            "containerd-sdnbridge-additionalargs.conf", "one-line-empty.conf");

    /** Dual-stack, 10/8 exempt but its upper half masqueraded, fd00::/8 exempt, link-local exempt. */
    static final MasqPolicy GOLDEN_POLICY = new MasqPolicy(Set.of(IpFamily.IPV4, IpFamily.IPV6),
            List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("fd00::/8")), List.of(Cidr.parse("10.128.0.0/9")),
            false, false, List.of(), true, MasqPolicy.DEFAULT_CHAIN);

    private Samples() {
    }

    static String sample(String name) {
        return resource("/samples/" + name);
    }

    static String golden(String name) {
        return resource("/golden/" + name);
    }

    private static String resource(String path) {
        try (InputStream in = Samples.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
