package masq.backend.dryrun;

import java.lang.reflect.Field;
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
 * The testkit's conformance suite over the dry-run backend. Its "kernel" is the rule program it keeps in
 * memory; the oracle traces a destination through that program, first match wins.
 */
class DryRunContractTest extends BackendContract {
    /** The rule shapes {@link RuleProgram} emits: a verdict, optionally a destination CIDR. */
    private static final Pattern RULE = Pattern.compile("(RETURN|MASQUERADE)(?: -d (\\S+))?\\b.*");

    @Override
    protected BackendFixture newFixture() {
        FirewallBackend backend = new DryRunBackendProvider().create(new BackendContext((argv, stdin, timeout) -> {
            throw new AssertionError("the dry-run backend must never run a command: " + argv);
        }, Map.of()));
        return new BackendFixture() {
            @Override
            public FirewallBackend backend() {
                return backend;
            }

            @Override
            public String state() {
                return applied(backend).toString();
            }

            @Override
            public boolean masquerades(IpAddress destination) {
                IpFamily family = destination.family();
                for (String line : applied(backend).getOrDefault(family, List.of())) {
                    Matcher m = RULE.matcher(line.substring((family.displayName() + ": ").length()));
                    if (!m.matches()) {
                        throw new AssertionError("unknown rule shape: " + line);
                    }
                    if (m.group(2) == null || Cidr.parse(m.group(2)).contains(destination)) {
                        return m.group(1).equals("MASQUERADE");
                    }
                }
                return false; // no rules for the family: the packet leaves untouched
            }
        };
    }

    /**
     * The backend's in-memory program. Read reflectively (same module) so production code needs no
     * accessor written only for tests.
     */
    @SuppressWarnings("unchecked")
    private static Map<IpFamily, List<String>> applied(FirewallBackend backend) {
        try {
            Field f = DryRunBackend.class.getDeclaredField("applied");
            f.setAccessible(true);
            return (Map<IpFamily, List<String>>) f.get(backend);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
