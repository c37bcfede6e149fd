package masq.backend.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Map;

import org.junit.jupiter.api.Test;

import masq.api.MasqPolicy;
import masq.api.spi.BackendContext;
import masq.api.spi.BackendException;
import masq.api.spi.CommandRunner;
import masq.api.spi.FirewallBackend;

/**
 * A save that never ends, hangs or dies says what happened: output too large, timed out, killed by a
 * signal; only a binary that cannot be started is "is the iptables package installed?".
 */
class ToolFailureTest {

    /** The nft tools as FakeIptables answers them, except that every save fails with {@code failure}. */
    static FirewallBackend backendWhoseSave(CommandRunner failure) throws BackendException {
        FakeIptables fake = new FakeIptables();
        CommandRunner runner = (argv, stdin, timeout) -> argv.getFirst().endsWith("-save")
                ? failure.run(argv, stdin, timeout) : fake.run(argv, stdin, timeout);
        return new IptablesNftProvider().create(new BackendContext(runner, Map.of()));
    }

    static BackendException syncFails(CommandRunner failingSave) throws BackendException {
        FirewallBackend b = backendWhoseSave(failingSave);
        return assertThrows(BackendException.class, () -> b.sync(MasqPolicy.defaults()));
    }

    @Test
    void endlessOutputIsOutputTooLarge() throws Exception {
        BackendException e = syncFails((argv, stdin, timeout) -> {
            throw new CommandRunner.OutputLimitException(argv.getFirst(), "stdout", 16 * 1024 * 1024);
        });
        assertEquals(BackendException.Reason.FAILED, e.reason());
        assertEquals("failed to read the nat table: iptables-nft-save wrote more than 16 MiB to stdout and was killed "
                + "(output too large)", e.getMessage());
    }

    @Test
    void aHangIsATimeout() throws Exception {
        BackendException e = syncFails((argv, stdin, timeout) -> {
            throw new InterruptedIOException(argv.getFirst() + " did not finish within " + timeout.toMillis() + " ms and was killed");
        });
        assertEquals(BackendException.Reason.TIMEOUT, e.reason());
        assertEquals("failed to read the nat table: iptables-nft-save did not finish within 65s and was killed", e.getMessage());
    }

    @Test
    void aKillIsNamed() throws Exception {
        BackendException e = syncFails((argv, stdin, timeout) -> new CommandRunner.Result(137, "", ""));
        assertEquals(BackendException.Reason.FAILED, e.reason());
        assertEquals("failed to read the nat table: iptables-nft-save exited with 137 (killed by signal 9, SIGKILL)", e.getMessage());
        assertEquals(" (killed by signal 15, SIGTERM)", Errors.signal(143));
        assertEquals(" (killed by signal 10)", Errors.signal(138));
        assertEquals("", Errors.signal(4));
        assertEquals("", Errors.signal(255));
    }

    @Test
    void onlyABinaryThatCannotStartIsMissing() throws Exception {
        BackendException e = syncFails((argv, stdin, timeout) -> {
            throw new IOException("Cannot run program \"iptables-nft-save\": error=2, No such file or directory");
        });
        assertEquals(BackendException.Reason.UNAVAILABLE, e.reason());
        assertEquals("failed to read the nat table: cannot run iptables-nft-save (is the iptables package installed, with nft "
                + "mode binaries?): Cannot run program \"iptables-nft-save\": error=2, No such file or directory", e.getMessage());
    }

    /** Detection treats a runaway save like a failing one (no rules in that mode) and still decides. */
    @Test
    void modeDetectionSurvivesARunawaySave() throws Exception {
        FakeIptables fake = new FakeIptables();
        fake.load("iptables-legacy", "*nat\n:X - [0:0]\n-A X -j RETURN\nCOMMIT\n");
        CommandRunner runner = (argv, stdin, timeout) -> {
            if (argv.getFirst().startsWith("iptables-nft-save")) {
                throw new CommandRunner.OutputLimitException(argv.getFirst(), "stdout", 1);
            }
            return fake.run(argv, stdin, timeout);
        };
        assertEquals("legacy", new IptablesProvider(fake.legacyTables()).create(new BackendContext(runner, Map.of())).info().mode());
    }
}
