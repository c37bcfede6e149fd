package masq.app;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import masq.api.GoDuration;

/** The routes: {@code /healthz} and {@code /readyz} from {@link HealthState}, {@code /metrics} from a registry. */
final class Probes {
    /** Slack on top of two intervals before a missed sync makes the agent unhealthy (a slow restore, GC). */
    static final Duration STALE_MARGIN = Duration.ofSeconds(10);

    private Probes() {
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

    static Map<String, Supplier<HttpRoutes.Response>> metrics(PrometheusRegistry registry) {
        PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
        return Map.of("/metrics", () -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
            try {
                writer.write(out, registry.scrape());
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
            }
            return new HttpRoutes.Response(200, writer.getContentType(), out.toByteArray());
        });
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
        if (health.ready()) {
            return HttpRoutes.Response.text(200, "ok\n");
        }
        return HttpRoutes.Response.text(503, health.lastSuccess().isEmpty()
                ? "not ready: no successful sync yet\n"
                : "not ready: the last sync failed; the previous rules stay in force\n");
    }
}
