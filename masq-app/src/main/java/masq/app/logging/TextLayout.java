package masq.app.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import masq.api.GoQuote;

/**
 * {@code 2026-12-01T03:10:30.196Z INFO  RunCommand: message}, then the stack trace when there is one: what the
 * pattern {@code %d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0}: %msg%n%ex} wrote, written directly.
 * Logback's PatternLayout loads its pattern parser and ≈70 converter classes for these five fields, which a
 * node pays for in memory all the time (docs/memory.md). Each line of the message has its control and other
 * non-printable characters escaped ({@link GoQuote#escapeControls}), so input cannot forge or hide a line;
 * line breaks stay because some messages are multi-line on purpose (the dry-run backend's rules), and input
 * never brings one: every value, file name and problem from the config is quoted where it enters a message.
 */
final class TextLayout extends LayoutBase<ILoggingEvent> {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneId.systemDefault());

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder sb = new StringBuilder(128);
        TIME.formatTo(event.getInstant(), sb);
        String level = event.getLevel().toString();
        sb.append(' ').append(level).repeat(' ', Math.max(0, 5 - level.length())).append(' ');
        String logger = String.valueOf(event.getLoggerName());
        sb.append(logger, logger.lastIndexOf('.') + 1, logger.length()).append(": ");
        String message = event.getFormattedMessage();
        if (message != null) {
            int start = 0;
            for (int end = message.indexOf('\n'); end >= 0; end = message.indexOf('\n', start)) {
                sb.append(GoQuote.escapeControls(message.substring(start, end))).append('\n');
                start = end + 1;
            }
            sb.append(GoQuote.escapeControls(message.substring(start)));
        }
        sb.append(CoreConstants.LINE_SEPARATOR);
        if (event.getThrowableProxy() != null) {
            sb.append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
        }
        return sb.toString();
    }
}
