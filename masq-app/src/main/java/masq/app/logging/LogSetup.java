package masq.app.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import org.slf4j.LoggerFactory;

/**
 * Maps klog's {@code --v} onto logback levels and picks the log format. Logs always go to stderr.
 *
 * <p>Mapping: -1 (the one-shot commands render and explain without {@code --v}) WARN; 0-1 INFO; 2-3 INFO plus the full policy on each change; 4-5 DEBUG (steady-state syncs,
 * discovery, config details); 6-10 TRACE. Third-party libraries stay at INFO below 6.
 */
public final class LogSetup {
    private LogSetup() {
    }

    /** Reconfigures the process's logback context, if logback is the SLF4J binding. */
    public static void apply(int verbosity, boolean json) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            apply(context, verbosity, json);
        }
    }

    static Level level(int verbosity) {
        if (verbosity < 0) {
            return Level.WARN;
        }
        if (verbosity >= 6) {
            return Level.TRACE;
        }
        return verbosity >= 4 ? Level.DEBUG : Level.INFO;
    }

    static void apply(LoggerContext context, int verbosity, boolean json) {
        context.reset();
        LayoutBase<ILoggingEvent> layout = layout(context, json);
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("stderr");
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        root.setLevel(verbosity >= 6 ? Level.TRACE : verbosity < 0 ? Level.WARN : Level.INFO);
        context.getLogger("masq").setLevel(level(verbosity));
    }

    /** The started layout: {@link JsonLayout} or {@link TextLayout}; both escape what could forge or hide a line. */
    static LayoutBase<ILoggingEvent> layout(LoggerContext context, boolean json) {
        LayoutBase<ILoggingEvent> layout = json ? new JsonLayout() : new TextLayout();
        layout.setContext(context);
        layout.start();
        return layout;
    }
}
