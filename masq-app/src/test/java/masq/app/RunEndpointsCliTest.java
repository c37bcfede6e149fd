package masq.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** The endpoint flags through the whole command line: usage errors exit 2, a busy port exits 1. */
class RunEndpointsCliTest {
    static final String GOOD = TestCli.configDir("good");

    @Test
    void aBadBindAddressIsAUsageError() {
        TestCli cli = TestCli.run("run", "--backend=dryrun", "--config-dir", GOOD, "--health-bind-address=localhost:10266");
        assertEquals(2, cli.exitCode);
        assertTrue(cli.err().startsWith("Invalid --health-bind-address flag \"localhost:10266\": host \"localhost\" is not an IP address\n"),
                cli.err());
    }

    @Test
    void theFlagsBelongToRunOnly() {
        TestCli cli = TestCli.run("check", "--config-dir", GOOD, "--metrics-bind-address=127.0.0.1:1");
        assertEquals(2, cli.exitCode);
    }

    @Test
    void aBusyPortIsAStartupErrorBeforeAnySync() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + taken.getLocalPort();
            TestCli cli = TestCli.run("run", "--backend=dryrun", "--config-dir", GOOD, "--lock-file=", "--health-bind-address=",
                    "--metrics-bind-address=" + address);
            assertEquals(1, cli.exitCode);
            assertTrue(cli.err().startsWith("error: cannot listen on " + address + " (--metrics-bind-address): "), cli.err());
        }
    }
}
