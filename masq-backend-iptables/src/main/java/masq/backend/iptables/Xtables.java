package masq.backend.iptables;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;

import masq.api.spi.BackendException;
import masq.api.spi.BackendException.Reason;
import masq.api.spi.CommandRunner;

/**
 * Runs the iptables tools of one mode through the agent's {@link CommandRunner} (argument lists, never a
 * shell) and turns every failure into a classified {@link BackendException}.
 *
 * @param runner  the command runner from the backend context
 * @param mode    legacy or nft
 * @param waitSeconds seconds {@code -w} waits for the xtables lock
 * @param timeout how long any single command may run
 */
record Xtables(CommandRunner runner, IptablesMode mode, int waitSeconds, Duration timeout) {

    /** {@code <family>-<mode>-save -t <table>}: read-only. */
    String save(masq.api.IpFamily family, String table) throws BackendException {
        return run(List.of(mode.binary(family, IptablesMode.Tool.SAVE), "-t", table), "", "read the " + table + " table");
    }

    /**
     * {@code <family>-<mode> -w N -t nat -S <chain>}: one chain's rules in save form, or empty when the
     * listing fails for any reason (a missing chain exits 1 with a mode-specific message); callers then
     * fall back to a full save.
     */
    java.util.Optional<String> listChain(masq.api.IpFamily family, String chain) throws BackendException {
        List<String> argv = List.of(mode.binary(family, IptablesMode.Tool.MAIN), "-w", Integer.toString(waitSeconds),
                "-t", "nat", "-S", chain);
        try {
            CommandRunner.Result r = runner.run(argv, "", timeout);
            return r.ok() ? java.util.Optional.of(r.stdout()) : java.util.Optional.empty();
        } catch (InterruptedIOException e) {
            throw new BackendException(Reason.TIMEOUT, "failed to list chain " + chain + ": " + argv.getFirst()
                    + " did not finish within " + timeout.toSeconds() + "s", e);
        } catch (IOException e) {
            throw new BackendException(Reason.UNAVAILABLE, "failed to list chain " + chain + ": cannot run " + argv.getFirst()
                    + " (is the iptables package installed, with " + mode.label() + " mode binaries?): " + e.getMessage(), e);
        }
    }

    /** {@code <family>-<mode>-restore -w N --noflush}, payload on stdin: one atomic transaction. */
    void restore(masq.api.IpFamily family, String payload) throws BackendException {
        run(restoreArgv(family), payload, "apply the " + family + " nat rules");
    }

    List<String> restoreArgv(masq.api.IpFamily family) {
        return List.of(mode.binary(family, IptablesMode.Tool.RESTORE), "-w", Integer.toString(waitSeconds), "--noflush");
    }

    /** Runs one command; a non-zero exit, a missing binary or a timeout becomes a BackendException. */
    String run(List<String> argv, String stdin, String verb) throws BackendException {
        CommandRunner.Result result;
        try {
            result = runner.run(argv, stdin, timeout);
        } catch (InterruptedIOException e) {
            throw new BackendException(Reason.TIMEOUT, "failed to " + verb + ": " + argv.getFirst()
                    + " did not finish within " + timeout.toSeconds() + "s", e);
        } catch (IOException e) {
            throw new BackendException(Reason.UNAVAILABLE, "failed to " + verb + ": cannot run " + argv.getFirst()
                    + " (is the iptables package installed, with " + mode.label() + " mode binaries?): " + e.getMessage(), e);
        }
        if (!result.ok()) {
            throw Errors.classify(verb, argv.getFirst(), result);
        }
        return result.stdout();
    }
}
