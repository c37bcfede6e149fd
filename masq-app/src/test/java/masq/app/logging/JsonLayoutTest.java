package masq.app.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

/** JSON log lines: escaping of everything a config file or a kernel tool can put into a message. */
class JsonLayoutTest {
    final LoggerContext context = new LoggerContext();
    final JsonLayout layout = new JsonLayout();

    JsonLayoutTest() {
        layout.setContext(context);
        layout.start();
    }

    LoggingEvent event(String message, Object... args) {
        LoggingEvent e = new LoggingEvent("fqcn", context.getLogger("masq.app.X"), Level.ERROR, message, null, args);
        e.setTimeStamp(1_000);
        return e;
    }

    String line(LoggingEvent e) {
        String out = layout.doLayout(e);
        assertTrue(out.endsWith(System.lineSeparator()), out);
        String body = out.substring(0, out.length() - System.lineSeparator().length());
        assertTrue(body.lines().count() == 1, "one line: " + body);
        return body;
    }

    @Test
    void controlCharactersBackslashesAndQuotesAreEscaped() {
        assertEquals("{\"time\":\"1970-01-01T00:00:01Z\",\"level\":\"ERROR\",\"logger\":\"masq.app.X\","
                        + "\"msg\":\"config error: ip-masq-agent: nonMasqueradeCIDRs[0]: \\\"10.0.0.0/33\\\\x\\u0001\\u001b[31m\\r\\n\\\": bad\"}",
                line(event("config error: {}", "ip-masq-agent: nonMasqueradeCIDRs[0]: \"10.0.0.0/33\\x\u0001\u001b[31m\r\n\": bad")));
    }

    @Test
    void deleteC1ControlsSeparatorsAndBidiOverridesAreEscapedToo() {
        assertEquals("{\"time\":\"1970-01-01T00:00:01Z\",\"level\":\"ERROR\",\"logger\":\"masq.app.X\","
                        + "\"msg\":\"a\\u007fb\\u0085c\\u2028d\\u202ee\"}",
                line(event("a\u007fb\u0085c\u2028d\u202ee")));
    }

    @Test
    void nonAsciiIsKeptAsIs() {
        assertEquals("{\"time\":\"1970-01-01T00:00:01Z\",\"level\":\"ERROR\",\"logger\":\"masq.app.X\",\"msg\":\"Größe → 10.0.0.0/8\"}",
                line(event("Größe → {}", "10.0.0.0/8")));
    }

    @Test
    void aNullMessageIsAnEmptyString() {
        assertEquals("{\"time\":\"1970-01-01T00:00:01Z\",\"level\":\"ERROR\",\"logger\":\"masq.app.X\",\"msg\":\"\"}",
                line(event(null)));
    }

    @Test
    void keyValuesFollowAndNeverDuplicateAFixedField() {
        LoggingEvent e = event("synced");
        e.addKeyValuePair(new KeyValuePair("backend", "iptables \"legacy\""));
        e.addKeyValuePair(new KeyValuePair("msg", "shadow"));
        e.addKeyValuePair(new KeyValuePair("rules", 7));
        e.addKeyValuePair(new KeyValuePair("none", null));
        assertEquals("{\"time\":\"1970-01-01T00:00:01Z\",\"level\":\"ERROR\",\"logger\":\"masq.app.X\",\"msg\":\"synced\","
                + "\"backend\":\"iptables \\\"legacy\\\"\",\"msg_\":\"shadow\",\"rules\":\"7\",\"none\":\"null\"}", line(e));
    }

    @Test
    void anExceptionIsOneEscapedStringField() {
        LoggingEvent e = new LoggingEvent("fqcn", context.getLogger("masq.app.X"), Level.ERROR, "failed",
                new IllegalStateException("boom\nsecond line"), null);
        e.setTimeStamp(1_000);
        String l = line(e);
        assertTrue(l.startsWith("{\"time\":\"1970-01-01T00:00:01Z\",\"level\":\"ERROR\",\"logger\":\"masq.app.X\",\"msg\":\"failed\","
                + "\"exception\":\"java.lang.IllegalStateException: boom\\nsecond line\\n\\tat "), l);
        assertTrue(l.endsWith("\"}"), l);
    }
}
