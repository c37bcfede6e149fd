package masq.app.command;

import masq.api.spi.BackendException;
import masq.api.spi.FirewallBackend;
import masq.api.spi.SyncResult;
import masq.app.cli.AgentOptions;
import masq.app.cli.ExitStatus;
import masq.app.platform.StartupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code cleanup}: removes every rule, chain or table the selected backend owns. */
public final class CleanupCommand {
    private static final Logger LOG = LoggerFactory.getLogger(CleanupCommand.class);

    private CleanupCommand() {
    }

    public static int run(Environment env, AgentOptions options) throws StartupException {
        try (FirewallBackend backend = env.openBackend(options)) {
            SyncResult removed = backend.cleanup();
            LOG.info("cleanup done: backend {}: {}", backend.info().id(), removed.summary());
            return ExitStatus.OK;
        } catch (BackendException e) {
            env.console().err().println("error: cleanup failed (" + e.reason() + "): " + e.getMessage());
            return ExitStatus.FAILED;
        }
    }
}
