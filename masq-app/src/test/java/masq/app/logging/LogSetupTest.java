package masq.app.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

class LogSetupTest {

    @Test
    void klogVerbosityMapsToLevels() {
        assertEquals(Level.WARN, LogSetup.level(-1), "render and explain without --v");
        assertEquals(Level.INFO, LogSetup.level(0));
        assertEquals(Level.INFO, LogSetup.level(1));
        assertEquals(Level.INFO, LogSetup.level(3));
        assertEquals(Level.DEBUG, LogSetup.level(4));
        assertEquals(Level.DEBUG, LogSetup.level(5));
        assertEquals(Level.TRACE, LogSetup.level(6));
        assertEquals(Level.TRACE, LogSetup.level(10));
    }

    @Test
    void appliesLevelsToOurLoggersOnly() {
        LoggerContext context = new LoggerContext();
        LogSetup.apply(context, 4, false);
        assertEquals(Level.DEBUG, context.getLogger("masq.app.SyncLoop").getEffectiveLevel());
        assertEquals(Level.INFO, context.getLogger("com.fasterxml.jackson").getEffectiveLevel());
        LogSetup.apply(context, 7, true);
        assertEquals(Level.TRACE, context.getLogger("org.yaml").getEffectiveLevel());
    }

    @Test
    void textLayoutEscapesControlCharactersInEveryLineOfTheMessage() {
        LoggerContext context = new LoggerContext();
        LoggingEvent event = new LoggingEvent("fqcn", context.getLogger("masq.app.Test"), Level.ERROR,
                "file {}: {}", null, new Object[] {"ip-masq-\u0000\u001b[31m", "bad\u202e\u0085\r\nline two\u0007"});
        event.setTimeStamp(0);
        String line = LogSetup.layout(context, false).doLayout(event);
        assertTrue(line.endsWith(" ERROR Test: file ip-masq-\\x00\\x1b[31m: bad\\u202e\\u0085\\r\nline two\\a"
                + System.lineSeparator()), line);
        assertTrue(line.chars().noneMatch(c -> c < 0x20 && c != '\n'), "no raw control character: " + line);
    }

    @Test
    void jsonLayoutWritesOneEscapedObjectPerLine() {
        LoggerContext context = new LoggerContext();
        ch.qos.logback.classic.Logger logger = context.getLogger("masq.app.Test");
        LoggingEvent event = new LoggingEvent("fqcn", logger, Level.WARN, "rules:\n{} \"quoted\"", null, new Object[] {"a\tb"});
        event.setTimeStamp(0);
        event.addKeyValuePair(new org.slf4j.event.KeyValuePair("backend", "dryrun"));
        JsonLayout layout = new JsonLayout();
        layout.setContext(context);
        layout.start();
        assertEquals("{\"time\":\"1970-01-01T00:00:00Z\",\"level\":\"WARN\",\"logger\":\"masq.app.Test\","
                + "\"msg\":\"rules:\\na\\tb \\\"quoted\\\"\",\"backend\":\"dryrun\"}" + System.lineSeparator(),
                layout.doLayout(event));
    }
}
