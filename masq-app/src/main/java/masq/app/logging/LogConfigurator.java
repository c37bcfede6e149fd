package masq.app.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's start-up configuration, found by logback through {@link java.util.ServiceLoader}: text at INFO
 * to stderr, so nothing logged before the flags are parsed lands on stdout (logback's own default) or is
 * lost. Programmatic, because parsing a logback.xml costs start-up time for four lines of setup.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {

    /** Called by logback's ServiceLoader. */
    public LogConfigurator() {
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        LogSetup.apply(context, 0, false);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
