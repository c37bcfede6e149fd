package masq.app.platform;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import masq.api.GoDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's signal handling, installed first thing in {@code main} so that no moment of start-up is
 * left to the JVM's defaults (which exit 143 on SIGTERM and 138 on SIGUSR1):
 * <ul>
 *   <li>SIGTERM, SIGINT: stop. The command in flight finishes its step (a sync is never cut short) and the
 *   process exits with the command's status: 0 for {@code run}. If it has not ended {@link #SHUTDOWN_GRACE}
 *   after the first one, the process exits 143, before the kubelet's SIGKILL. More of them change nothing.</li>
 *   <li>SIGHUP, SIGUSR1: {@code run} syncs now (reload the config, check and repair the rules); other
 *   commands ignore them.</li>
 *   <li>SIGQUIT stays the JVM's thread dump; SIGUSR2 belongs to the JVM, which ignores it. A signal ignored
 *   when the process started (e.g. {@code nohup}: SIGHUP; SIGINT in a background job) stays ignored.</li>
 * </ul>
 * {@code sun.misc.Signal} (module jdk.unsupported) is the JDK's only way to handle a signal other than by
 * shutting down: shutdown hooks cannot keep the JVM's exit status from being 143, nor survive SIGUSR1.
 */
public final class SignalDispatch implements Signals {
    private static final Logger LOG = LoggerFactory.getLogger(SignalDispatch.class);
    /**
     * How long a stop signal waits for the command (a sync in flight, --cleanup-on-exit) before the process
     * exits anyway: below Kubernetes' default terminationGracePeriodSeconds (30), so we end before the SIGKILL.
     */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(25);
    /** Exit status when the grace period ran out: as if killed by SIGTERM (128 + 15). */
    static final int FORCED_EXIT = 143;

    private final Duration grace;
    private final IntConsumer exit;
    private final List<Runnable> stops = new ArrayList<>();
    private final List<Consumer<String>> resyncs = new ArrayList<>();
    private boolean stopping;

    /**
     * @param grace how long after the first stop signal the process may still run
     * @param exit  ends the process with a status when the grace period has run out
     */
    public SignalDispatch(Duration grace, IntConsumer exit) {
        this.grace = grace;
        this.exit = exit;
    }

    /** Handles SIGTERM, SIGINT, SIGHUP and SIGUSR1 from now on (except those the process was started ignoring). */
    public static SignalDispatch install() {
        SignalDispatch dispatch = new SignalDispatch(SHUTDOWN_GRACE, status -> Runtime.getRuntime().halt(status));
        for (String name : List.of("TERM", "INT", "HUP", "USR1")) {
            // For an ignored SIGTERM/SIGINT/SIGHUP the JVM installs nothing and returns SIG_IGN: nohup keeps working.
            sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> dispatch.received("SIG" + signal.getName()));
        }
        return dispatch;
    }

    /** One signal arrived ({@code SIGTERM}, ...); called on a thread of its own. */
    public void received(String signal) {
        switch (signal) {
            case "SIGTERM", "SIGINT" -> stop(signal);
            case "SIGHUP", "SIGUSR1" -> resync(signal);
            default -> LOG.debug("{} ignored", signal);
        }
    }

    private void stop(String signal) {
        List<Runnable> actions;
        synchronized (this) {
            if (stopping) {
                LOG.debug("{}: already stopping", signal);
                return;
            }
            stopping = true;
            actions = List.copyOf(stops);
        }
        LOG.debug("{}: stopping", signal);
        Thread.ofPlatform().daemon().name("shutdown-grace").start(this::awaitGrace);
        actions.forEach(Runnable::run);
    }

    private void awaitGrace() {
        try {
            Thread.sleep(grace);
        } catch (InterruptedException e) {
            return;
        }
        LOG.error("still running {} after the stop signal: exiting {}", GoDuration.format(grace), FORCED_EXIT);
        exit.accept(FORCED_EXIT);
    }

    private void resync(String signal) {
        List<Consumer<String>> actions;
        synchronized (this) {
            actions = List.copyOf(resyncs);
        }
        if (actions.isEmpty()) {
            LOG.debug("{}: no sync loop running, nothing to do", signal);
        }
        actions.forEach(a -> a.accept(signal));
    }

    @Override
    public void onStop(Runnable stop) {
        boolean now;
        synchronized (this) {
            stops.add(stop);
            now = stopping;
        }
        if (now) {
            stop.run();
        }
    }

    @Override
    public void onResync(Consumer<String> resync) {
        synchronized (this) {
            resyncs.add(resync);
        }
    }
}
