package masq.backend.iptables;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import masq.api.Cidr;
import masq.api.IpAddress;
import masq.api.IpFamily;
import masq.api.spi.BackendContext;
import masq.api.spi.FirewallBackend;
import masq.backend.testkit.BackendContract;
import masq.backend.testkit.BackendFixture;

/**
 * The testkit's conformance suite over FakeIptables (legacy mode, both families). The oracle traces a TCP
 * packet to a non-LOCAL destination from nat POSTROUTING through the fake's saved rules. It recognises only
 * the shapes this backend emits: optional {@code -d CIDR}, optional {@code -p P}, {@code -m comment},
 * {@code -m addrtype ! --dst-type LOCAL} (always true here), and {@code -j RETURN|MASQUERADE|CHAIN}.
 */
class IptablesContractTest extends BackendContract {
    private static final Pattern RULE = Pattern.compile("-A (\\S+) (.*)-j (\\S+).*");
    private static final Pattern DST = Pattern.compile("-d (\\S+)");
    private static final Pattern PROTO = Pattern.compile("-p (\\S+)");

    @Override
    protected BackendFixture newFixture() throws Exception {
        FakeIptables fake = new FakeIptables();
        // A legacy table, once created, stays until the module is unloaded: cleanup can empty the nat tables
        // but never make them absent again. So the contract's node already has them (as on any node where
        // kube-proxy runs in legacy mode); NoSideEffectsTest covers a node without any legacy table.
        fake.load("iptables-legacy", "*nat\nCOMMIT\n");
        fake.load("ip6tables-legacy", "*nat\nCOMMIT\n");
        FirewallBackend backend = new IptablesLegacyProvider(fake.legacyTables()).create(new BackendContext(fake, Map.of()));
        return new BackendFixture() {
            @Override
            public FirewallBackend backend() {
                return backend;
            }

            @Override
            public String state() {
                return fake.snapshot();
            }

            @Override
            public boolean masquerades(IpAddress dst) {
                String prefix = dst.family() == IpFamily.IPV4 ? "iptables-legacy" : "ip6tables-legacy";
                List<String> rules = fake.dump(prefix, "nat").lines().filter(l -> l.startsWith("-A ")).toList();
                return Boolean.TRUE.equals(trace(rules, "POSTROUTING", dst, 0));
            }
        };
    }

    /** iptables-save prints a host route without its prefix length. */
    private static Cidr cidr(String text, IpFamily family) {
        return Cidr.parse(text.contains("/") ? text : text + "/" + family.bits());
    }

    /** TRUE masquerade, FALSE accepted unchanged, null fell off the end of a user chain. */
    private static Boolean trace(List<String> rules, String chain, IpAddress dst, int depth) {
        if (depth > 8) {
            throw new AssertionError("jump loop at " + chain);
        }
        for (String rule : rules) {
            Matcher m = RULE.matcher(rule);
            if (!m.matches() || !m.group(1).equals(chain)) {
                continue;
            }
            Matcher d = DST.matcher(m.group(2));
            if (d.find() && !cidr(d.group(1), dst.family()).contains(dst)) {
                continue;
            }
            Matcher p = PROTO.matcher(m.group(2));
            if (p.find() && !p.group(1).equals("tcp")) {
                continue;
            }
            switch (m.group(3)) {
                case "RETURN" -> {
                    return chain.equals("POSTROUTING") ? Boolean.FALSE : null;
                }
                case "MASQUERADE" -> {
                    return Boolean.TRUE;
                }
                default -> {
                    Boolean v = trace(rules, m.group(3), dst, depth + 1);
                    if (v != null) {
                        return v;
                    }
                }
            }
        }
        return chain.equals("POSTROUTING") ? Boolean.FALSE : null;
    }
}
