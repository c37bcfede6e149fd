package masq.backend.iptables;

import java.util.regex.Pattern;

import masq.api.spi.BackendException;
import masq.api.spi.BackendException.Reason;
import masq.api.spi.CommandRunner;

/**
 * Pure: turns a failed iptables run into a {@link BackendException} whose reason a retry loop can act
 * on, keeping the tool's own stderr in the message.
 */
final class Errors {
    /** Printed by every xtables tool when {@code -w} ran out waiting for {@code /run/xtables.lock}. */
    private static final String LOCK = "Another app is currently holding the xtables lock";
    /** iptables-restore names the payload line it could not apply ({@code line 7 failed}, {@code Error occurred at line: 7}). */
    private static final Pattern BAD_LINE = Pattern.compile("line:? \\d+");
    /** iptables' RESOURCE_PROBLEM exit status (also used for lock contention). */
    private static final int RESOURCE_PROBLEM = 4;
    /** iptables' PARAMETER_PROBLEM exit status: the tool did not understand its input. */
    private static final int PARAMETER_PROBLEM = 2;
    /** Exit status 128+N: killed by signal N. */
    private static final int SIGNALLED = 128;
    private static final int MAX_SIGNAL = 64;

    private Errors() {
    }

    static BackendException classify(String verb, String binary, CommandRunner.Result result) {
        String stderr = result.stderr().strip();
        Reason reason = reason(result.exitCode(), stderr);
        String kind = reason == Reason.FAILED && result.exitCode() == RESOURCE_PROBLEM ? " (resource problem)"
                : signal(result.exitCode());
        String message = "failed to " + verb + ": " + binary + " exited with " + result.exitCode() + kind
                + (stderr.isEmpty() ? "" : ": " + stderr);
        return new BackendException(reason, message);
    }

    /**
     * Status 128+N is how a process killed by signal N is reported (the runner and shells alike); the
     * iptables tools themselves exit with 1 to 4. Names the signals a node sees: the OOM killer's and
     * kubelet's SIGKILL, SIGTERM, SIGSEGV, SIGPIPE, SIGABRT.
     */
    static String signal(int exitCode) {
        int n = exitCode - SIGNALLED;
        if (n < 1 || n > MAX_SIGNAL) {
            return "";
        }
        String name = switch (n) {
            case 6 -> ", SIGABRT";
            case 9 -> ", SIGKILL";
            case 11 -> ", SIGSEGV";
            case 13 -> ", SIGPIPE";
            case 15 -> ", SIGTERM";
            default -> "";
        };
        return " (killed by signal " + n + name + ")";
    }

    static Reason reason(int exitCode, String stderr) {
        if (stderr.contains(LOCK)) {
            return Reason.LOCKED;
        }
        if (BAD_LINE.matcher(stderr).find() || exitCode == PARAMETER_PROBLEM) {
            return Reason.REJECTED;
        }
        return Reason.FAILED;
    }

}
