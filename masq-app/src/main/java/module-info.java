/**
 * The agent: command line, wiring, backend discovery and the sync loop. The only module that
 * {@code uses} the SPIs; backends are found through {@link java.util.ServiceLoader} and never compiled
 * against, so a new backend module plugs in with no change here.
 *
 * @uses masq.api.spi.FirewallBackendProvider firewall backends, chosen with {@code --backend}
 * @uses masq.api.spi.ConfigSourceProvider config sources (the {@code directory} source of masq.config)
 * @provides ch.qos.logback.classic.spi.Configurator logs to stderr until the flags are parsed
 */
module masq.app {
    requires masq.api;
    requires masq.config;
    requires org.slf4j;
    requires ch.qos.logback.classic;
    requires ch.qos.logback.core;
    // /metrics: the Prometheus client (automatic modules on the build's module path; explicit ones in the
    // image, see docs/decisions.md D4). The HTTP listeners are our own (HttpListener, docs/decisions.md D5).
    // sun.misc.Signal: SIGTERM/SIGINT/SIGHUP/SIGUSR1 handled by the agent, not the JVM's defaults (SignalDispatch).
    requires jdk.unsupported;

    uses masq.api.spi.FirewallBackendProvider;
    uses masq.api.spi.ConfigSourceProvider;

    provides ch.qos.logback.classic.spi.Configurator with masq.app.logging.LogConfigurator;
}
