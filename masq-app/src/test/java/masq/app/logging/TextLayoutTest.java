package masq.app.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The text layout writes what logback's PatternLayout wrote with the pattern it replaces. */
class TextLayoutTest {
    private final LoggerContext context = new LoggerContext();

    private LoggingEvent event(String logger, Level level, String message, Throwable error, Object... args) {
        LoggingEvent e = new LoggingEvent("fqcn", context.getLogger(logger), level, message, error, args);
        e.setTimeStamp(1_764_558_630_196L);
        return e;
    }

    @Test
    void writesTheLineThePatternWrote() {
        PatternLayout pattern = new PatternLayout();
        pattern.setContext(context);
        pattern.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0}: %msg%n%ex");
        pattern.start();
        TextLayout text = new TextLayout();
        text.setContext(context);
        text.start();
        Exception cause = new IllegalArgumentException("inner");
        for (LoggingEvent e : List.of(
                event("masq.app.agent.RunCommand", Level.INFO, "ip-masq-agent version: {}", null, "0.1.0"),
                event("masq.app.sync.SyncLoop", Level.WARN, "rules:\nIPv4: RETURN -d {}\nIPv4: MASQUERADE", null, "10.0.0.0/8"),
                event("Root", Level.DEBUG, "no package", null),
                event("masq.x.Y", Level.TRACE, "trace", null),
                event("masq.x.Y", Level.ERROR, "failed: {}", new IllegalStateException("outer", cause), "x"))) {
            assertEquals(pattern.doLayout(e), text.doLayout(e), e.getMessage());
        }
    }

    @Test
    void escapesControlCharactersInEveryLineOfTheMessage() {
        TextLayout text = new TextLayout();
        String line = text.doLayout(event("masq.app.Test", Level.ERROR, "file {}: {}", null,
                "ip-masq-\u0000\u001b[31m", "bad\u202e\u0085\r\nline two\u0007"));
        assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.196\\S+ ERROR Test: file ip-masq-\\\\x00"
                + "\\\\x1b\\[31m: bad\\\\u202e\\\\u0085\\\\r\nline two\\\\a" + System.lineSeparator()), line);
    }
}
