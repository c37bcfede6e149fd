package masq.app;

import masq.api.spi.BackendContext;
import masq.api.spi.BackendException;
import masq.api.spi.FirewallBackend;

/** Selecting and creating the backend named by {@code --backend}, shared by run, render and cleanup. */
final class Backends {
    private Backends() {
    }

    /**
     * Creates the selected backend. {@code create} must not change the kernel (SPI contract), so this is
     * safe for {@code render}; backends that detect a mode by running a binary take it from
     * {@code --backend-option} instead when asked to.
     */
    static FirewallBackend create(Environment env, AgentOptions options) throws StartupException {
        return create(env, options, env.backends().select(options.backend()));
    }

    static FirewallBackend create(Environment env, AgentOptions options, SelectedBackend chosen)
            throws StartupException {
        try {
            return chosen.create(context(env, options));
        } catch (BackendException e) {
            throw new StartupException("backend " + chosen.id() + " cannot work here (" + e.reason() + "): "
                    + e.getMessage(), e);
        }
    }

    static BackendContext context(Environment env, AgentOptions options) {
        return new BackendContext(env.commands(), options.backendOptions());
    }
}
