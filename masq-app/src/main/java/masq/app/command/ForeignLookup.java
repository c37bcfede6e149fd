package masq.app.command;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import masq.api.MasqPolicy;
import masq.api.spi.FirewallBackend;
import masq.app.cli.AgentOptions;
import masq.app.foreign.CommandNatReader;
import masq.app.foreign.ForeignRules;
import masq.app.platform.EffectiveUid;
import masq.app.platform.StartupException;

/**
 * For {@code explain}: the node's other masquerade rules, read once (read only), when that is possible: as root
 * (the rulesets are not readable otherwise) and with a backend that writes a kernel ruleset (so we know which
 * rules are ours). Otherwise a note on stderr says they were not looked at.
 */
final class ForeignLookup {
    private ForeignLookup() {
    }

    static Optional<ForeignRules> read(Environment env, AgentOptions options, MasqPolicy policy) {
        PrintStream err = env.console().err();
        OptionalInt euid = EffectiveUid.get();
        if (euid.isPresent() && euid.getAsInt() != 0) {
            err.println("note: not root: other masquerade rules on the node were not looked at");
            return Optional.empty();
        }
        Optional<String> ours;
        try (FirewallBackend backend = env.openBackend(options)) {
            ours = backend.rulesetId();
        } catch (StartupException | RuntimeException e) {
            err.println("note: other masquerade rules on the node were not looked at: " + e.getMessage());
            return Optional.empty();
        }
        if (ours.isEmpty()) {
            return Optional.empty(); // dryrun: writes nothing, reads nothing
        }
        try {
            return Optional.of(ForeignRules.read(new CommandNatReader(env.commands(), Path.of("/proc/thread-self/net")),
                    ours, policy.families()));
        } catch (java.io.IOException | RuntimeException e) {
            err.println("note: could not read the node's nat rules: " + e.getMessage());
            return Optional.empty();
        }
    }
}
