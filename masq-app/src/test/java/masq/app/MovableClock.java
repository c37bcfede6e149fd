package masq.app;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/** A clock the test moves. */
public final class MovableClock extends Clock {
    public Instant now;

    public MovableClock() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    public MovableClock(Instant start) {
        now = start;
    }

    @Override
    public ZoneId getZone() {
        return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
