package masq.app;

import java.time.Clock;
import java.util.Comparator;
import java.util.function.Function;
import masq.api.GoQuote;
import masq.api.MasqPolicy;
import masq.api.spi.Availability;
import masq.api.spi.BackendException;
import masq.api.spi.FirewallBackend;
import masq.api.spi.SyncResult;
import masq.config.EffectiveConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code run} (the agent) and {@code cleanup}. */
final class RunCommand {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    private final Environment env;
    private final AgentOptions options;

    RunCommand(Environment env, AgentOptions options) {
        this.env = env;
        this.options = options;
    }

    int run(ParsedArgs args) throws StartupException, UsageException {
        ReconcilerOptions reconciler = ReconcilerOptions.from(args);
        LOG.info("ip-masq-agent version: {}", Version.current());
        Flags.TABLE.stream().filter(f -> !f.ignored() && f.appliesTo(Command.RUN))
                .sorted(Comparator.comparing(FlagSpec::name))
                .forEach(f -> LOG.info("FLAG: --{}={}", f.name(), GoQuote.quote(String.join(",",
                        f.type() == FlagSpec.Type.REPEATED ? args.all(f.name()) : java.util.List.of(args.valueOrDefault(f.name()))))));
        SelectedBackend chosen = env.backends().select(options.backend());
        Availability availability = chosen.probe(Backends.context(env, options));
        if (availability.available()) {
            LOG.info("backend {}: {}", chosen.id(), availability.detail());
        } else {
            LOG.warn("backend {} reports it is unavailable: {}; trying anyway as asked", chosen.id(), availability.detail());
        }
        ConfigLoader config = env.configSources().directory(options);
        if (!options.once()) {
            HealthState health = new HealthState(Clock.systemUTC(), reconciler.maxSyncFailures());
            return new Reconciler(env, options, reconciler).run(chosen, config, health);
        }
        // --once: no lock, no watcher; one sync and its status.
        try (FirewallBackend backend = Backends.create(env, options, chosen)) {
            LOG.info("backend {} mode={} tool={}", backend.info().id(), backend.info().mode(), backend.info().toolVersion());
            SyncLoop loop = new SyncLoop(config, policies(options), backend, interval -> false,
                    options.resyncInterval(), options.verbosity() >= 2);
            SyncOutcome outcome = loop.syncOnce();
            LOG.info("one sync done: {}", outcome.label());
            // One sync cannot keep a last good policy (there is none yet): in force means synced.
            return outcome.rulesInForce() ? Cli.OK : Cli.FAILED;
        }
    }

    /** The policy of a valid config under these flags. */
    static Function<EffectiveConfig, MasqPolicy> policies(AgentOptions options) {
        return config -> config.toPolicy(options.families(), options.toPorts(), options.randomFully(), options.masqChain());
    }

    static int cleanup(Environment env, AgentOptions options) throws StartupException {
        try (FirewallBackend backend = Backends.create(env, options)) {
            SyncResult removed = backend.cleanup();
            LOG.info("cleanup done: backend {}: {}", backend.info().id(), removed.summary());
            return Cli.OK;
        } catch (BackendException e) {
            env.console().err().println("error: cleanup failed (" + e.reason() + "): " + e.getMessage());
            return Cli.FAILED;
        }
    }
}
