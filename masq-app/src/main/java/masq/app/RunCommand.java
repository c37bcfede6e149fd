package masq.app;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import masq.api.MasqPolicy;
import masq.api.spi.Availability;
import masq.api.spi.BackendException;
import masq.api.spi.FirewallBackend;
import masq.config.EffectiveConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code run} (the agent) and {@code cleanup}. */
final class RunCommand {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);
    /** How long SIGTERM waits for an in-flight sync before the JVM exits anyway. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

    private final Environment env;
    private final AgentOptions options;

    RunCommand(Environment env, AgentOptions options) {
        this.env = env;
        this.options = options;
    }

    int run(ParsedArgs args) throws StartupException {
        LOG.info("ip-masq-agent version: {}", Version.current());
        Flags.TABLE.stream().filter(f -> !f.ignored() && f.appliesTo(Command.RUN))
                .sorted(Comparator.comparing(FlagSpec::name))
                .forEach(f -> LOG.info("FLAG: --{}={}", f.name(), GoValues.quote(String.join(",",
                        f.type() == FlagSpec.Type.REPEATED ? args.all(f.name()) : java.util.List.of(args.valueOrDefault(f.name()))))));
        BackendRegistry.Discovered chosen = env.backends().select(options.backend());
        Availability availability = chosen.provider().probe(Backends.context(env, options));
        if (availability.available()) {
            LOG.info("backend {}: {}", chosen.id(), availability.detail());
        } else {
            LOG.warn("backend {} reports it is unavailable: {}; trying anyway as asked", chosen.id(), availability.detail());
        }
        ConfigLoader config = env.configSources().directory(options);
        try (FirewallBackend backend = Backends.create(env, options, chosen)) {
            LOG.info("backend {} mode={} tool={}", backend.info().id(), backend.info().mode(), backend.info().toolVersion());
            if (options.once()) {
                SyncLoop loop = new SyncLoop(config, policies(options), backend, interval -> false,
                        options.resyncInterval(), options.verbosity() >= 2);
                SyncLoop.Outcome outcome = loop.syncOnce();
                LOG.info("one sync done: {}", outcome);
                return outcome.ok() ? Cli.OK : Cli.FAILED;
            }
            StopSignal stop = new StopSignal();
            CountDownLatch finished = new CountDownLatch(1);
            env.shutdownHooks().accept(() -> {
                LOG.info("shutting down: finishing the current sync; rules stay in place");
                stop.stop();
                awaitQuietly(finished);
            });
            // Health state and metrics observe the loop; the HTTP endpoints serve them (docs/metrics.md).
            HealthState health = new HealthState(Clock.systemUTC(), Probes.MAX_SYNC_FAILURES);
            AgentMetrics metrics = new AgentMetrics(Clock.systemUTC(), backend.info(), Version.current());
            SyncLoop loop = new SyncLoop(config, policies(options), backend, stop, options.resyncInterval(),
                    options.verbosity() >= 2, SyncEvents.all(List.of(health, metrics)));
            try (HealthServer endpoints = HealthServer.start(options, health, metrics, loop::interval, Clock.systemUTC())) {
                loop.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                finished.countDown();
            }
            return Cli.OK;
        }
    }

    /** The policy of a valid config under these flags. */
    static Function<EffectiveConfig, MasqPolicy> policies(AgentOptions options) {
        return config -> config.toPolicy(options.families(), options.toPorts(), options.randomFully(), options.masqChain());
    }

    static int cleanup(Environment env, AgentOptions options) throws StartupException {
        try (FirewallBackend backend = Backends.create(env, options)) {
            backend.cleanup();
            LOG.info("cleanup done: backend {}", backend.info().id());
            return Cli.OK;
        } catch (BackendException e) {
            env.console().err().println("error: cleanup failed (" + e.reason() + "): " + e.getMessage());
            return Cli.FAILED;
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
