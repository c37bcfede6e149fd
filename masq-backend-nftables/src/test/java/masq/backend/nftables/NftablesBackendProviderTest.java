package masq.backend.nftables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import masq.api.spi.BackendContext;
import masq.api.spi.BackendException;
import masq.api.spi.CommandRunner;
import masq.api.spi.FirewallBackendProvider;
import org.junit.jupiter.api.Test;

class NftablesBackendProviderTest {

    private static final CommandRunner NO_COMMANDS = (argv, stdin, timeout) -> {
        throw new AssertionError("no command expected: " + argv);
    };

    @Test
    void moduleProvidesTheProviderAndExportsNothing() {
        var descriptor = NftablesBackendProvider.class.getModule().getDescriptor();
        assertEquals("masq.backend.nftables", descriptor.name());
        assertTrue(descriptor.exports().isEmpty(), descriptor.exports().toString());
        assertEquals(1, descriptor.provides().size());
        var provides = descriptor.provides().iterator().next();
        assertEquals(FirewallBackendProvider.class.getName(), provides.service());
        assertEquals(java.util.List.of(NftablesBackendProvider.class.getName()), provides.providers());
        assertEquals("nftables", new NftablesBackendProvider().id());
    }

    @Test
    void unknownOptionIsRejectedByName() {
        var e = assertThrows(BackendException.class, () -> new NftablesBackendProvider()
                .create(new BackendContext(NO_COMMANDS, Map.of("nft-mdoe", "cli"))));
        assertTrue(e.getMessage().contains("unknown backend option \"nft-mdoe\""), e.getMessage());
    }

    @Test
    void badModeAndTimeoutAreRejectedWithTheirValue() {
        var mode = assertThrows(BackendException.class, () -> new NftablesBackendProvider()
                .create(new BackendContext(NO_COMMANDS, Map.of("nft-mode", "netlink"))));
        assertTrue(mode.getMessage().contains("nft-mode=\"netlink\""), mode.getMessage());
        var timeout = assertThrows(BackendException.class, () -> new NftablesBackendProvider()
                .create(new BackendContext(NO_COMMANDS, Map.of("nft-timeout-ms", "-5"))));
        assertTrue(timeout.getMessage().contains("nft-timeout-ms=\"-5\""), timeout.getMessage());
    }

    @Test
    void cliModeReportsTheToolVersionAndRunsNftThroughTheRunner() throws Exception {
        CommandRunner runner = (argv, stdin, timeout) -> switch (String.join(" ", argv)) {
            case "nft --version" -> new CommandRunner.Result(0, "nftables v1.0.6 (Lester Gooch #5)\n", "");
            case "nft -f -" -> new CommandRunner.Result(1, "", "Error: Could not process rule: No such file or directory\n");
            default -> throw new AssertionError(argv);
        };
        try (var backend = new NftablesBackendProvider().create(new BackendContext(runner, Map.of("nft-mode", "cli")))) {
            assertEquals("nft-cli", backend.info().mode());
            assertEquals("nftables v1.0.6 (Lester Gooch #5)", backend.info().toolVersion());
            assertEquals(masq.api.spi.SyncResult.nothingRemoved(), backend.cleanup(), "table absent: nothing to do, no error");
            assertEquals(java.util.Optional.of("nftables"), backend.rulesetId());
        }
    }

    @Test
    void endlessNftOutputIsReportedAsOutputTooLarge() throws Exception {
        CommandRunner runner = (argv, stdin, timeout) -> {
            if (argv.contains("--version")) {
                return new CommandRunner.Result(0, "nftables v1.0.6 (Lester Gooch #5)\n", "");
            }
            throw new CommandRunner.OutputLimitException("nft", "stdout", 16 * 1024 * 1024);
        };
        try (var backend = new NftablesBackendProvider().create(new BackendContext(runner, Map.of("nft-mode", "cli")))) {
            var e = assertThrows(BackendException.class, () -> backend.sync(masq.api.MasqPolicy.defaults()));
            assertEquals(BackendException.Reason.FAILED, e.reason());
            assertEquals("failed to run nft -f -: nft wrote more than 16 MiB to stdout and was killed (output too large)",
                    e.getMessage());
        }
    }
}
