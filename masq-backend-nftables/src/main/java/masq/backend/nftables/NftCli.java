package masq.backend.nftables;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import masq.api.spi.BackendException;
import masq.api.spi.CommandRunner;

/** Spawns {@code nft -f -} with the script on stdin: the fallback when libnftables is absent. */
final class NftCli implements NftExecutor {

    private final CommandRunner commands;
    private final Duration timeout;
    private final String version;

    NftCli(CommandRunner commands, Duration timeout, String version) {
        this.commands = commands;
        this.timeout = timeout;
        this.version = version;
    }

    /** {@code nft --version}, e.g. {@code nftables v1.0.6 (Lester Gooch #5)}. */
    static String queryVersion(CommandRunner commands, Duration timeout) throws BackendException {
        try {
            CommandRunner.Result r = commands.run(List.of("nft", "--version"), "", timeout);
            if (!r.ok()) {
                throw new BackendException(BackendException.Reason.UNAVAILABLE,
                        "failed to run nft --version: " + r.stderr().strip());
            }
            return r.stdout().strip();
        } catch (IOException e) {
            throw new BackendException(BackendException.Reason.UNAVAILABLE,
                    "failed to run nft --version: " + e.getMessage(), e);
        }
    }

    @Override
    public Result run(String script) throws BackendException {
        try {
            CommandRunner.Result r = commands.run(List.of("nft", "-f", "-"), script, timeout);
            return new Result(r.ok(), r.stdout(), r.stderr());
        } catch (InterruptedIOException e) {
            throw new BackendException(BackendException.Reason.TIMEOUT, "failed to run nft -f -: timed out after "
                    + timeout.toMillis() + " ms", e);
        } catch (CommandRunner.OutputLimitException e) {
            throw new BackendException(BackendException.Reason.FAILED, "failed to run nft -f -: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new BackendException(BackendException.Reason.UNAVAILABLE, "failed to run nft -f -: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String mode() {
        return "nft-cli";
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public void close() {
    }
}
