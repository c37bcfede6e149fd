package masq.backend.iptables;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import masq.api.IpFamily;
import masq.api.spi.BackendException;
import masq.api.spi.BackendException.Reason;
import masq.api.spi.CommandRunner;

/**
 * Runs the iptables tools of one mode through the agent's {@link CommandRunner} (argument lists, never a
 * shell) and turns every failure into a classified {@link BackendException}.
 *
 * @param runner      the command runner from the backend context
 * @param mode        legacy or nft
 * @param waitSeconds seconds {@code -w} waits for the xtables lock
 * @param timeout     how long any single command may run
 * @param legacy      which legacy tables exist (consulted in legacy mode before naming a table)
 */
record Xtables(CommandRunner runner, IptablesMode mode, int waitSeconds, Duration timeout, LegacyTables legacy) {

    /** {@code <family>-<mode>-save -t <table>}: read-only in nft mode; in legacy mode it creates the table. */
    String save(IpFamily family, String table) throws BackendException {
        return run(List.of(mode.binary(family, IptablesMode.Tool.SAVE), "-t", table), "", "read the " + table + " table");
    }

    /**
     * The table's save text, or empty when it does not exist. In legacy mode the table is looked up in
     * {@link LegacyTables} first, since a legacy save would create it; nft's tools never create what they
     * read (checked on 1.8.9, docs/iptables.md), so there the save runs and an absent table reads as empty.
     */
    Optional<String> saveIfExists(IpFamily family, String table) throws BackendException {
        if (mode == IptablesMode.LEGACY && !legacyExists(family, table)) {
            return Optional.empty();
        }
        return Optional.of(save(family, table));
    }

    private boolean legacyExists(IpFamily family, String table) throws BackendException {
        try {
            return legacy.existing(family).contains(table);
        } catch (IOException e) {
            throw new BackendException(Reason.FAILED, "failed to read the " + table + " table: cannot tell whether the legacy "
                    + family + " " + table + " table exists without creating it: " + e.getMessage(), e);
        }
    }

    /**
     * {@code <family>-<mode> -w N -t nat -S <chain>}: one chain's rules in save form, or empty when the
     * listing fails for any reason (a missing chain exits 1 with a mode-specific message); callers then
     * fall back to a full save.
     */
    Optional<String> listChain(IpFamily family, String chain) throws BackendException {
        List<String> argv = List.of(mode.binary(family, IptablesMode.Tool.MAIN), "-w", Integer.toString(waitSeconds),
                "-t", "nat", "-S", chain);
        CommandRunner.Result r = call(argv, "", "list chain " + chain);
        return r.ok() ? Optional.of(r.stdout()) : Optional.empty();
    }

    /** {@code <family>-<mode>-restore -w N --noflush}, payload on stdin: one atomic transaction. */
    void restore(IpFamily family, String payload) throws BackendException {
        run(restoreArgv(family), payload, "apply the " + family + " nat rules");
    }

    List<String> restoreArgv(IpFamily family) {
        return List.of(mode.binary(family, IptablesMode.Tool.RESTORE), "-w", Integer.toString(waitSeconds), "--noflush");
    }

    /** Runs one command; a non-zero exit, a missing binary, a timeout or runaway output becomes a BackendException. */
    String run(List<String> argv, String stdin, String verb) throws BackendException {
        CommandRunner.Result result = call(argv, stdin, verb);
        if (!result.ok()) {
            throw Errors.classify(verb, argv.getFirst(), result);
        }
        return result.stdout();
    }

    /** Runs one command and returns whatever it exited with; only failing to run it at all throws. */
    private CommandRunner.Result call(List<String> argv, String stdin, String verb) throws BackendException {
        try {
            return runner.run(argv, stdin, timeout);
        } catch (InterruptedIOException e) {
            throw new BackendException(Reason.TIMEOUT, "failed to " + verb + ": " + argv.getFirst()
                    + " did not finish within " + timeout.toSeconds() + "s and was killed", e);
        } catch (CommandRunner.OutputLimitException e) {
            throw new BackendException(Reason.FAILED, "failed to " + verb + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new BackendException(Reason.UNAVAILABLE, "failed to " + verb + ": cannot run " + argv.getFirst()
                    + " (is the iptables package installed, with " + mode.label() + " mode binaries?): " + e.getMessage(), e);
        }
    }
}
