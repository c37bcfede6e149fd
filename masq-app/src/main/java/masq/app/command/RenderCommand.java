package masq.app.command;

import java.io.PrintStream;
import masq.api.MasqPolicy;
import masq.api.spi.FirewallBackend;
import masq.api.spi.Rendering;
import masq.app.cli.AgentOptions;
import masq.app.cli.ExitStatus;
import masq.app.platform.StartupException;

/** {@code render}: what the backend would send to the kernel, each payload after a {@code # <target>} line. */
public final class RenderCommand {
    private RenderCommand() {
    }

    public static int run(Environment env, AgentOptions options) throws StartupException {
        var loaded = LoadedConfig.load(env, options);
        if (loaded.isEmpty()) {
            return ExitStatus.FAILED;
        }
        MasqPolicy policy = loaded.get().policy();
        try (FirewallBackend backend = env.openBackend(options)) {
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
