package masq.app.command;

import java.io.PrintStream;
import java.util.Optional;
import java.util.OptionalInt;
import masq.api.MasqPolicy;
import masq.api.spi.FirewallBackend;
import masq.api.spi.Rendering;
import masq.app.cli.AgentOptions;
import masq.app.cli.ExitStatus;
import masq.app.cli.Flags;
import masq.app.platform.EffectiveUid;
import masq.app.platform.StartupException;

/** {@code render}: what the backend would send to the kernel, each payload after a {@code # <target>} line. */
public final class RenderCommand {
    /** What the iptables mode detection picks when it finds nothing, and kubelet's and kube-proxy's default. */
    static final String ASSUMED = "iptables-nft";

    private RenderCommand() {
    }

    /**
     * The note when {@code render} cannot detect the iptables mode: the auto-detecting backend reads the
     * node's rulesets, which needs root; not root, it would count nothing and guess silently. Empty otherwise.
     */
    static Optional<String> assumedMode(String backend, OptionalInt euid) {
        if (!backend.equals(Flags.DEFAULT_BACKEND) || euid.isEmpty() || euid.getAsInt() == 0) {
            return Optional.empty();
        }
        return Optional.of("note: not root, so the iptables mode (legacy or nft) cannot be detected: rendering for "
                + ASSUMED + "; pin it with --backend=iptables-legacy or --backend=iptables-nft");
    }

    public static int run(Environment env, AgentOptions options) throws StartupException {
        var loaded = LoadedConfig.load(env, options);
        if (loaded.isEmpty()) {
            return ExitStatus.FAILED;
        }
        MasqPolicy policy = loaded.get().policy();
        Optional<String> assumed = assumedMode(options.backend(), EffectiveUid.get());
        assumed.ifPresent(note -> env.console().err().println(note));
        try (FirewallBackend backend = assumed.isPresent()
                ? env.openBackend(env.backends().select(ASSUMED), options) : env.openBackend(options)) {
            PrintStream out = env.console().out();
            for (Rendering.Payload payload : backend.render(policy).payloads()) {
                out.print("# " + payload.target() + "\n" + payload.text());
                if (!payload.text().isEmpty() && !payload.text().endsWith("\n")) {
                    out.print("\n");
                }
            }
            return ExitStatus.OK;
        }
    }
}
