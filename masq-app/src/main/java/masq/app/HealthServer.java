package masq.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's HTTP endpoints: {@code /healthz} and {@code /readyz} on {@code --health-bind-address},
 * {@code /metrics} on {@code --metrics-bind-address}; one listener when both name the same address. Each
 * listener has its own threads and bounds ({@link HttpListener}), so a slow or hostile client of one port
 * can delay neither another client nor the other port.
 */
final class HealthServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthServer.class);

    private final List<HttpListener> listeners;

    private HealthServer(List<HttpListener> listeners) {
        this.listeners = listeners;
    }

    /** Starts the endpoints the options ask for (none when both flags are empty). */
    static HealthServer start(AgentOptions options, HealthState health, AgentMetrics metrics,
                              Supplier<Duration> interval, Clock clock) throws StartupException {
        Map<String, Optional<InetSocketAddress>> flags = new LinkedHashMap<>();
        flags.put(Flags.HEALTH_BIND_ADDRESS, options.healthBindAddress());
        flags.put(Flags.METRICS_BIND_ADDRESS, options.metricsBindAddress());
        Map<String, Map<String, Supplier<HttpRoutes.Response>>> routes = Map.of(
                Flags.HEALTH_BIND_ADDRESS, Probes.health(health, interval, clock.instant(), clock),
                Flags.METRICS_BIND_ADDRESS, Probes.metrics(metrics));
        return start(flags, routes, HttpListener.Limits.DEFAULT, clock);
    }

    /**
     * @param addresses per flag, its address (empty: that flag's routes are not served)
     * @param routes    per flag, the routes it serves
     * @param limits    each listener's bounds
     * @param clock     for the Date header
     */
    static HealthServer start(Map<String, Optional<InetSocketAddress>> addresses,
                              Map<String, Map<String, Supplier<HttpRoutes.Response>>> routes,
                              HttpListener.Limits limits, Clock clock) throws StartupException {
        Map<InetSocketAddress, Map<String, Supplier<HttpRoutes.Response>>> byAddress = new LinkedHashMap<>();
        Map<InetSocketAddress, String> flagOf = new HashMap<>();
        addresses.forEach((flag, address) -> address.ifPresent(a -> {
            byAddress.computeIfAbsent(a, k -> new HashMap<>()).putAll(routes.get(flag));
            flagOf.merge(a, "--" + flag, (x, y) -> x + " and " + y);
        }));
        List<HttpListener> listeners = new ArrayList<>();
        for (var e : byAddress.entrySet()) {
            String flag = flagOf.get(e.getKey());
            try {
                listeners.add(HttpListener.start(e.getKey(), new HttpRoutes(e.getValue()), limits, clock));
            } catch (IOException ex) {
                new HealthServer(listeners).close();
                throw new StartupException("cannot listen on " + text(e.getKey()) + " (" + flag + "): " + ex.getMessage());
            }
            LOG.info("serving {} on {} ({})", e.getValue().keySet().stream().sorted().toList(),
                    text(listeners.getLast().address()), flag);
        }
        return new HealthServer(listeners);
    }

    /** {@code 127.0.0.1:10267}, {@code [::1]:10267}: as the flags take it, without Java's leading slash. */
    static String text(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** The bound addresses, in start order (the real port when the flag asked for port 0). */
    List<InetSocketAddress> addresses() {
        return listeners.stream().map(HttpListener::address).toList();
    }

    @Override
    public void close() {
        listeners.forEach(HttpListener::close);
    }
}
