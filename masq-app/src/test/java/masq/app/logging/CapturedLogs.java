package masq.app.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/** Captures one logger's events (DEBUG and up) in a list that other threads may append to while a test reads. */
public final class CapturedLogs extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    public final List<ILoggingEvent> list = new CopyOnWriteArrayList<>();
    private final Logger logger;

    public CapturedLogs(String loggerName) {
        logger = (Logger) LoggerFactory.getLogger(loggerName);
        logger.setLevel(Level.DEBUG);
        start();
        logger.addAppender(this);
    }

    @Override
    protected void append(ILoggingEvent event) {
        list.add(event);
    }

    /** How many messages contain the text. */
    public long count(String text) {
        return list.stream().filter(e -> e.getFormattedMessage().contains(text)).count();
    }

    /** How many messages at this level start with the prefix. */
    public long count(Level level, String prefix) {
        return list.stream().filter(e -> e.getLevel() == level && e.getFormattedMessage().startsWith(prefix)).count();
    }

    @Override
    public void close() {
        logger.detachAppender(this);
    }
}
