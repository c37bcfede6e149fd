package masq.app.ops;

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
import masq.app.ops.http.HttpListener;
import masq.app.ops.http.HttpRoutes;
import masq.app.platform.StartupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's HTTP endpoints: {@code /healthz} and {@code /readyz} on {@code --health-bind-address},
 * {@code /metrics} on {@code --metrics-bind-address}; one listener when both name the same address. Each
 * listener has its own threads and bounds ({@link HttpListener}), so a slow or hostile client of one port
 * can delay neither another client nor the other port.
 */
public final class Endpoints implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Endpoints.class);

    private final List<HttpListener> listeners;

    private Endpoints(List<HttpListener> listeners) {
        this.listeners = listeners;
    }

    /**
     * Where one group of routes is served.
     *
     * @param flag    the flag that asked for it, without dashes (named in messages)
     * @param address the address; empty when the flag is empty (not served)
     */
    public record Address(String flag, Optional<InetSocketAddress> address) {
    }

    /**
     * Starts {@code /healthz} and {@code /readyz} at {@code healthAt}, {@code /metrics} at {@code metricsAt}
     * (none when both are empty), with each listener's default bounds.
     *
     * @param interval the loop's current resync interval (liveness allows two of them)
     */
    public static Endpoints start(Address healthAt, Address metricsAt, HealthState health, AgentMetrics metrics,
                           Supplier<Duration> interval, Clock clock) throws StartupException {
        Map<String, Optional<InetSocketAddress>> addresses = new LinkedHashMap<>();
        addresses.put(healthAt.flag(), healthAt.address());
        addresses.put(metricsAt.flag(), metricsAt.address());
        Map<String, Map<String, Supplier<HttpRoutes.Response>>> routes = Map.of(
                healthAt.flag(), AgentRoutes.health(health, interval, clock.instant(), clock),
                metricsAt.flag(), AgentRoutes.metrics(metrics));
        return start(addresses, routes, HttpListener.Limits.DEFAULT, clock);
    }

    /**
     * @param addresses per flag, its address (empty: that flag's routes are not served)
     * @param routes    per flag, the routes it serves
     * @param limits    each listener's bounds
     * @param clock     for the Date header
     */
    public static Endpoints start(Map<String, Optional<InetSocketAddress>> addresses,
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
                new Endpoints(listeners).close();
                throw new StartupException("cannot listen on " + HttpListener.text(e.getKey()) + " (" + flag + "): " + ex.getMessage());
            }
            LOG.info("serving {} on {} ({})", e.getValue().keySet().stream().sorted().toList(),
                    HttpListener.text(listeners.getLast().address()), flag);
        }
        return new Endpoints(listeners);
    }

    /** The bound addresses, in start order (the real port when the flag asked for port 0). */
    public List<InetSocketAddress> addresses() {
        return listeners.stream().map(HttpListener::address).toList();
    }

    @Override
    public void close() {
        listeners.forEach(HttpListener::close);
    }
}
