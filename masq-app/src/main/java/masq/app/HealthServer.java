package masq.app;

import com.sun.net.httpserver.HttpServer;
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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's HTTP endpoints on the JDK's built-in server: {@code /healthz} and {@code /readyz} on
 * {@code --health-bind-address}, {@code /metrics} on {@code --metrics-bind-address}; one server when both
 * name the same address. At most two handler threads share a small queue; beyond that the accepting
 * thread answers itself, which slows clients down instead of growing threads or memory.
 */
final class HealthServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthServer.class);

    private final List<HttpServer> servers;
    private final ThreadPoolExecutor executor;

    private HealthServer(List<HttpServer> servers, ThreadPoolExecutor executor) {
        this.servers = servers;
        this.executor = executor;
    }

    /** Starts the endpoints the options ask for (none when both flags are empty). */
    static HealthServer start(AgentOptions options, HealthState health, AgentMetrics metrics,
                              Supplier<Duration> interval, Clock clock) throws StartupException {
        Map<String, Optional<InetSocketAddress>> flags = new LinkedHashMap<>();
        flags.put(Flags.HEALTH_BIND_ADDRESS, options.healthBindAddress());
        flags.put(Flags.METRICS_BIND_ADDRESS, options.metricsBindAddress());
        Map<String, Map<String, Supplier<HttpRoutes.Response>>> routes = Map.of(
                Flags.HEALTH_BIND_ADDRESS, Probes.health(health, interval, clock.instant(), clock),
                Flags.METRICS_BIND_ADDRESS, Probes.metrics(metrics.registry()));
        return start(flags, routes);
    }

    /**
     * @param addresses per flag, its address (empty: that flag's routes are not served)
     * @param routes    per flag, the routes it serves
     */
    static HealthServer start(Map<String, Optional<InetSocketAddress>> addresses,
                              Map<String, Map<String, Supplier<HttpRoutes.Response>>> routes) throws StartupException {
        Map<InetSocketAddress, Map<String, Supplier<HttpRoutes.Response>>> byAddress = new LinkedHashMap<>();
        Map<InetSocketAddress, String> flagOf = new HashMap<>();
        addresses.forEach((flag, address) -> address.ifPresent(a -> {
            byAddress.computeIfAbsent(a, k -> new HashMap<>()).putAll(routes.get(flag));
            flagOf.merge(a, "--" + flag, (x, y) -> x + " and " + y);
        }));
        ThreadPoolExecutor executor = executor();
        List<HttpServer> servers = new ArrayList<>();
        try {
            for (var e : byAddress.entrySet()) {
                HttpServer server = bind(e.getKey(), flagOf.get(e.getKey()));
                server.createContext("/", new HttpRoutes(e.getValue()));
                server.setExecutor(executor);
                server.start();
                servers.add(server);
                LOG.info("serving {} on {} ({})", e.getValue().keySet().stream().sorted().toList(),
                        text(server.getAddress()), flagOf.get(e.getKey()));
            }
        } catch (StartupException e) {
            new HealthServer(servers, executor).close();
            throw e;
        }
        return new HealthServer(servers, executor);
    }

    private static HttpServer bind(InetSocketAddress address, String flag) throws StartupException {
        try {
            return HttpServer.create(address, 16);
        } catch (IOException e) {
            throw new StartupException("cannot listen on " + text(address) + " (" + flag + "): " + e.getMessage());
        }
    }

    private static ThreadPoolExecutor executor() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(16), r -> {
            Thread t = new Thread(r, "http-" + n.incrementAndGet());
            t.setDaemon(true); // never keeps the JVM alive after the sync loop ended
            return t;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** {@code 127.0.0.1:10267}, {@code [::1]:10267}: as the flags take it, without Java's leading slash. */
    static String text(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** The bound addresses, in start order (the real port when the flag asked for port 0). */
    List<InetSocketAddress> addresses() {
        return servers.stream().map(HttpServer::getAddress).toList();
    }

    @Override
    public void close() {
        servers.forEach(s -> s.stop(0));
        executor.shutdownNow();
    }
}
