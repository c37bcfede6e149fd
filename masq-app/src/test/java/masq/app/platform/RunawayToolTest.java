package masq.app.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import masq.api.MasqPolicy;
import masq.api.spi.BackendContext;
import masq.api.spi.BackendException;
import masq.api.spi.CommandRunner;
import masq.api.spi.FirewallBackend;
import masq.api.spi.FirewallBackendProvider;
import org.junit.jupiter.api.Test;

/**
 * The agent's real runner and the real iptables-nft backend, with a save tool that never stops writing
 * (the real {@code yes}): the sync fails saying the output was too large, not that iptables is missing,
 * and the agent's heap is untouched by the flood.
 */
class RunawayToolTest {

    @Test
    void anEndlessSaveIsReportedAsOutputTooLargeNotAsAMissingPackage() throws Exception {
        ProcessCommandRunner real = new ProcessCommandRunner();
        // iptables-nft --version answers; every other tool is an endless stream of rule-like lines.
        CommandRunner tools = (argv, stdin, timeout) -> real.run(argv.contains("--version")
                ? List.of("echo", "iptables v1.8.9 (nf_tables)")
                : List.of("yes", "--", "-A KUBE-SVC-ENDLESS -m comment --comment \"endless\" -j RETURN"), stdin, timeout);
        FirewallBackendProvider provider = ServiceLoader.load(FirewallBackendProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.id().equals("iptables-nft")).findFirst().orElseThrow();
        try (FirewallBackend backend = provider.create(new BackendContext(tools, Map.of()))) {
            BackendException e = assertThrows(BackendException.class, () -> backend.sync(MasqPolicy.defaults()));
            assertEquals(BackendException.Reason.FAILED, e.reason());
            assertEquals("failed to read the nat table: yes wrote more than 16 MiB to stdout and was killed (output too large)",
                    e.getMessage());
            assertFalse(e.getMessage().contains("installed"), e.getMessage());
            assertTrue(e.getCause() instanceof CommandRunner.OutputLimitException, String.valueOf(e.getCause()));
        }
    }
}
