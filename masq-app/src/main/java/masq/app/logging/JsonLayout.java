package masq.app.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.util.Objects;
import java.util.Set;
import org.slf4j.event.KeyValuePair;

/**
 * One JSON object per line: {@code time}, {@code level}, {@code logger}, {@code msg}, then the event's
 * SLF4J key/values (as strings; one named like a fixed field gets a trailing {@code _}) and {@code exception}
 * (the stack trace as one string) when there is one. No JSON library needed: {@link Json#quote} escapes
 * quotes, backslashes and every control character, so a message or value with newlines stays on one line.
 */
final class JsonLayout extends LayoutBase<ILoggingEvent> {
    private static final Set<String> RESERVED = Set.of("time", "level", "logger", "msg", "exception");

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"time\":").append(Json.quote(event.getInstant().toString()))
                .append(",\"level\":").append(Json.quote(event.getLevel().toString()))
                .append(",\"logger\":").append(Json.quote(String.valueOf(event.getLoggerName())))
                .append(",\"msg\":").append(Json.quote(Objects.requireNonNullElse(event.getFormattedMessage(), "")));
        if (event.getKeyValuePairs() != null) {
            for (KeyValuePair kv : event.getKeyValuePairs()) {
                String key = String.valueOf(kv.key);
                // A key/value named like a fixed field would make a duplicate key, which JSON readers resolve
                // differently (first or last wins): keep both, the key/value renamed.
                sb.append(',').append(Json.quote(RESERVED.contains(key) ? key + "_" : key)).append(':')
                        .append(Json.quote(String.valueOf(kv.value)));
            }
        }
        if (event.getThrowableProxy() != null) {
            sb.append(",\"exception\":").append(Json.quote(ThrowableProxyUtil.asString(event.getThrowableProxy())));
        }
        return sb.append('}').append(CoreConstants.LINE_SEPARATOR).toString();
    }
}
