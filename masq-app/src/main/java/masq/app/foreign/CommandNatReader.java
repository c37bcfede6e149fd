package masq.app.foreign;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import masq.api.IpFamily;
import masq.api.spi.CommandRunner;

/**
 * {@link NatReader} through the tools: {@code ip[6]tables-legacy-save -t nat} only when the kernel lists a
 * legacy nat table (a legacy read of a table that does not exist creates it), {@code ip[6]tables-nft-save -t
 * nat} (prints an empty skeleton, creates nothing) and {@code nft list ruleset}.
 */
public final class CommandNatReader implements NatReader {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final CommandRunner runner;
    private final Path procNet;

    /**
     * @param runner  runs the tools
     * @param procNet {@code /proc/thread-self/net} in production: the calling thread's network namespace,
     *                where {@code ip_tables_names} lists the legacy tables that exist
     */
    public CommandNatReader(CommandRunner runner, Path procNet) {
        this.runner = runner;
        this.procNet = procNet;
    }

    @Override
    public Optional<String> iptablesNat(String ruleset, IpFamily family) throws IOException {
        String tool = (family == IpFamily.IPV4 ? "iptables-" : "ip6tables-") + ruleset.substring("iptables-".length()) + "-save";
        if (ruleset.equals("iptables-legacy") && !legacyNat(family)) {
            return Optional.empty();
        }
        return run(List.of(tool, "-t", "nat"));
    }

    @Override
    public Optional<String> nftRuleset() throws IOException {
        return run(List.of("nft", "list", "ruleset"));
    }

    private boolean legacyNat(IpFamily family) throws IOException {
        Path names = procNet.resolve(family == IpFamily.IPV4 ? "ip_tables_names" : "ip6_tables_names");
        // no file: the xtables module is not loaded, so no legacy table exists
        return Files.exists(names) && Files.readAllLines(names).stream().anyMatch(l -> l.strip().equals("nat"));
    }

    private Optional<String> run(List<String> argv) throws IOException {
        CommandRunner.Result r;
        try {
            r = runner.run(argv, "", TIMEOUT);
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).contains("error=2,")) {
                return Optional.empty(); // not installed: nobody writes that ruleset through it
            }
            throw e;
        }
        if (!r.ok()) {
            throw new IOException(String.join(" ", argv) + " failed (exit " + r.exitCode() + "): " + r.stderr().strip());
        }
        return Optional.of(r.stdout());
    }
}
