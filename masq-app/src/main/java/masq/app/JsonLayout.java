package masq.app;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import org.slf4j.event.KeyValuePair;

/**
 * One JSON object per line: {@code time}, {@code level}, {@code logger}, {@code msg}, then the event's
 * SLF4J key/values (as strings) and {@code exception} when there is one. No JSON library needed.
 */
final class JsonLayout extends LayoutBase<ILoggingEvent> {

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"time\":").append(Json.quote(event.getInstant().toString()))
                .append(",\"level\":").append(Json.quote(event.getLevel().toString()))
                .append(",\"logger\":").append(Json.quote(event.getLoggerName()))
                .append(",\"msg\":").append(Json.quote(event.getFormattedMessage()));
        if (event.getKeyValuePairs() != null) {
            for (KeyValuePair kv : event.getKeyValuePairs()) {
                sb.append(',').append(Json.quote(kv.key)).append(':').append(Json.quote(String.valueOf(kv.value)));
            }
        }
        if (event.getThrowableProxy() != null) {
            sb.append(",\"exception\":").append(Json.quote(ThrowableProxyUtil.asString(event.getThrowableProxy())));
        }
        return sb.append('}').append(CoreConstants.LINE_SEPARATOR).toString();
    }
}
