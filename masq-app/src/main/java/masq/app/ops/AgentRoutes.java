package masq.app.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import masq.api.GoDuration;
import masq.app.ops.http.HttpRoutes;

/** The routes: {@code /healthz} and {@code /readyz} from {@link HealthState}, {@code /metrics} from {@link AgentMetrics}. */
final class AgentRoutes {
    /** Slack on top of two intervals before a missed sync makes the agent unhealthy (a slow restore, GC). */
    static final Duration STALE_MARGIN = Duration.ofSeconds(10);

    private AgentRoutes() {
    }

    /**
     * @param interval the loop's current resync interval; liveness allows two of them plus {@link #STALE_MARGIN}
     * @param started  when the agent started: before the first attempt it counts as live for as long
     */
    static Map<String, Supplier<HttpRoutes.Response>> health(HealthState health, Supplier<Duration> interval,
                                                              Instant started, Clock clock) {
        return Map.of("/healthz", () -> healthz(health, staleAfter(interval.get()), started, clock),
                "/readyz", () -> readyz(health));
    }

    static Duration staleAfter(Duration interval) {
        return interval.multipliedBy(2).plus(STALE_MARGIN);
    }

    /** {@code /metrics}: the page the metrics rendered at their last change (nothing is rendered per request). */
    static Map<String, Supplier<HttpRoutes.Response>> metrics(AgentMetrics metrics) {
        return Map.of("/metrics", () -> new HttpRoutes.Response(200, metrics.contentType(), metrics.page()));
    }

    static HttpRoutes.Response healthz(HealthState health, Duration staleAfter, Instant started, Clock clock) {
        Optional<Instant> attempt = health.lastAttempt();
        if (attempt.isEmpty()) {
            return started.plus(staleAfter).isBefore(clock.instant())
                    ? HttpRoutes.Response.text(503, "unhealthy: no sync attempted since start-up\n")
                    : HttpRoutes.Response.text(200, "ok: starting, first sync in progress\n");
        }
        if (health.healthy(staleAfter)) {
            return HttpRoutes.Response.text(200, "ok\n");
        }
        Duration ago = Duration.between(attempt.get(), clock.instant()).withNanos(0);
        return HttpRoutes.Response.text(503, "unhealthy: last sync attempt " + GoDuration.format(ago) + " ago (limit "
                + GoDuration.format(staleAfter) + "), " + health.consecutiveFailures() + " failed syncs in a row\n");
    }

    static HttpRoutes.Response readyz(HealthState health) {
        return health.notReady().map(why -> HttpRoutes.Response.text(503, "not ready: " + why + "\n"))
                .orElseGet(() -> HttpRoutes.Response.text(200, "ok\n"));
    }
}
