package masq.app.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import masq.api.spi.CommandRunner;
import org.junit.jupiter.api.Test;

class ProcessCommandRunnerTest {
    private final ProcessCommandRunner runner = new ProcessCommandRunner();
    private static final Duration LONG = Duration.ofSeconds(30);

    @Test
    void writesStdinAndCapturesStdout() throws IOException {
        CommandRunner.Result r = runner.run(List.of("cat"), "*nat\nCOMMIT\n", LONG);
        assertEquals(new CommandRunner.Result(0, "*nat\nCOMMIT\n", ""), r);
    }

    @Test
    void capturesStderrAndExitCodeAndSetsLcAllC() throws IOException {
        CommandRunner.Result r = runner.run(List.of("sh", "-c", "echo \"$LC_ALL\"; echo oops >&2; exit 3"), "", LONG);
        assertEquals(new CommandRunner.Result(3, "C\n", "oops\n"), r);
    }

    @Test
    void argumentsAreNotInterpretedByAShell() throws IOException {
        CommandRunner.Result r = runner.run(List.of("echo", "$HOME; rm -rf /", "*"), "", LONG);
        assertEquals("$HOME; rm -rf / *\n", r.stdout());
    }

    @Test
    void largeOutputOnBothStreamsDoesNotDeadlock() throws IOException {
        // Far beyond the 64 KiB pipe buffer on each stream, while stdin is also large.
        String big = "x".repeat(1 << 20);
        CommandRunner.Result r = runner.run(List.of("sh", "-c", "cat; head -c 1048576 /dev/zero | tr '\\0' e >&2"), big, LONG);
        assertEquals(1 << 20, r.stdout().length());
        assertEquals(1 << 20, r.stderr().length());
    }

    @Test
    void timeoutKillsTheChildAndThrowsInterruptedIoException() {
        InterruptedIOException e = assertThrows(InterruptedIOException.class,
                () -> runner.run(List.of("sleep", "30"), "", Duration.ofMillis(200)));
        assertEquals("sleep did not finish within 200 ms and was killed", e.getMessage());
    }

    /** {@code yes} never ends: without the cap its output would fill the heap; with it, it is killed at once. */
    @Test
    void endlessStdoutIsCutOffKilledAndReportedAsOutputTooLarge() {
        CommandRunner.OutputLimitException e = assertThrows(CommandRunner.OutputLimitException.class,
                () -> runner.run(List.of("yes"), "", LONG));
        assertEquals("stdout", e.stream());
        assertEquals(ProcessCommandRunner.STDOUT_LIMIT, e.limitBytes());
        assertEquals("yes wrote more than 16 MiB to stdout and was killed (output too large)", e.getMessage());
    }

    @Test
    void endlessStderrIsCutOffToo() {
        CommandRunner.OutputLimitException e = assertThrows(CommandRunner.OutputLimitException.class,
                () -> runner.run(List.of("sh", "-c", "yes >&2"), "", LONG));
        assertEquals("sh wrote more than 1 MiB to stderr and was killed (output too large)", e.getMessage());
    }

    @Test
    void outputUpToTheLimitIsKeptOneByteMoreIsNot() throws IOException {
        ProcessCommandRunner small = new ProcessCommandRunner(100_000, 1000);
        assertEquals(100_000, small.run(List.of("head", "-c", "100000", "/dev/zero"), "", LONG).stdout().length());
        CommandRunner.OutputLimitException e = assertThrows(CommandRunner.OutputLimitException.class,
                () -> small.run(List.of("head", "-c", "100001", "/dev/zero"), "", LONG));
        assertEquals("head wrote more than 100000 bytes to stdout and was killed (output too large)", e.getMessage());
    }

    @Test
    void aMissingBinaryIsAnIoException() {
        assertThrows(IOException.class, () -> runner.run(List.of("/nonexistent/binary"), "", LONG));
    }
}
