package masq.app.agent;

import java.nio.file.Path;
import java.util.Optional;
import masq.api.spi.BackendException;
import masq.api.spi.FirewallBackend;
import masq.api.spi.SyncResult;
import masq.app.cli.ExitStatus;
import masq.app.platform.InstanceLock;
import masq.app.platform.StartupException;
import masq.app.sync.SyncLoop;
import masq.app.sync.SyncOutcome;
import masq.app.sync.Trigger;
import masq.app.sync.WakeableTimer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-running loop's lifecycle, from the instance lock to the exit status: waits for the lock (a stop
 * signal ends the wait), runs the {@link SyncLoop} until the agent's rules are in force, takes the
 * {@link BackendSwitch} step once, syncs on until a stop signal lets the sync in flight finish, then leaves the
 * rules in place or removes them ({@code --cleanup-on-exit}). What the loop is built from is
 * {@link RunCommand}'s business.
 */
final class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final WakeableTimer wakeups;
    private final boolean cleanupOnExit;

    /**
     * @param wakeups       the loop's timer: stopped here, woken by signals
     * @param cleanupOnExit {@code --cleanup-on-exit}
     */
    Reconciler(WakeableTimer wakeups, boolean cleanupOnExit) {
        this.wakeups = wakeups;
        this.cleanupOnExit = cleanupOnExit;
    }

    /**
     * SIGTERM/SIGINT (at once if one came during start-up): the loop ends at its next wait, the sync in flight
     * finishes; main then exits with what {@link #stopped} returns (SignalDispatch). Runs on a signal thread.
     */
    void stop() {
        LOG.info(cleanupOnExit ? "shutting down: finishing the current sync, then removing the rules"
                : "shutting down: finishing the current sync; rules stay in place");
        wakeups.stop();
    }

    /** SIGHUP/SIGUSR1: a sync now. Runs on a signal thread. */
    void resync(String signal) {
        LOG.info("{}: syncing now", signal);
        wakeups.wake(Trigger.SIGNAL);
    }

    /**
     * Takes the instance lock, waiting while another agent holds it; {@link InstanceLock#none()} when
     * {@code file} is empty.
     *
     * @return empty (logged; nothing was changed) when stopped while waiting or before the first sync
     */
    Optional<InstanceLock> lock(Optional<Path> file) throws StartupException, InterruptedException {
        InstanceLock lock = InstanceLock.none();
        if (file.isPresent()) {
            Optional<InstanceLock> taken = InstanceLock.acquire(file.get(), wakeups::pause);
            if (taken.isEmpty()) {
                LOG.info("stopped while waiting for the lock file; nothing was changed");
                return Optional.empty();
            }
            lock = taken.get();
        }
        if (wakeups.stopped()) {
            lock.close();
            LOG.info("stopped before the first sync; nothing was changed");
            return Optional.empty();
        }
        return Optional.of(lock);
    }

    /** Syncs until the rules are in force, then removes what other backends left (once), then syncs on until stopped. */
    void run(SyncLoop loop, BackendSwitch backendSwitch) throws InterruptedException {
        if (loop.runUntil(SyncOutcome::rulesInForce).isPresent()) {
            backendSwitch.removeLeftovers();
            loop.run();
        }
    }

    /** After the loop: leaves the rules in place, or removes them with {@code --cleanup-on-exit}; the exit status. */
    int stopped(FirewallBackend backend) {
        if (!cleanupOnExit) {
            LOG.info("sync loop stopped; rules stay in place");
            return ExitStatus.OK;
        }
        try {
            SyncResult removed = backend.cleanup();
            if (removed.changed()) {
                LOG.info("sync loop stopped; rules removed (--cleanup-on-exit): {}", removed.summary());
            } else {
                LOG.info("sync loop stopped; --cleanup-on-exit found nothing to remove");
            }
            return ExitStatus.OK;
        } catch (BackendException e) {
            LOG.error("sync loop stopped; removing the rules failed ({}): {}", e.reason(), e.getMessage());
            return ExitStatus.FAILED;
        }
    }
}
