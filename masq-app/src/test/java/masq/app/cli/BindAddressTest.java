package masq.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BindAddressTest {

    @Test
    void parsesGoListenSyntax() throws Exception {
        assertEquals(Optional.empty(), BindAddress.parse("f", ""));
        assertEquals(Optional.of(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 10267)),
                BindAddress.parse("f", "127.0.0.1:10267"));
        assertEquals(Optional.of(new InetSocketAddress(InetAddress.ofLiteral("::1"), 80)), BindAddress.parse("f", "[::1]:80"));
        InetSocketAddress wildcard = BindAddress.parse("f", ":10266").orElseThrow();
        assertTrue(wildcard.getAddress().isAnyLocalAddress());
        assertEquals(10266, wildcard.getPort());
        assertEquals(0, BindAddress.parse("f", "127.0.0.1:0").orElseThrow().getPort());
    }

    @Test
    void rejectsWithTheFlagAndValue() {
        for (String bad : List.of("10266", "localhost:80", "::1:80", "1.2.3.4:65536", "1.2.3.4:", "1.2.3.4:http", "300.1.1.1:80")) {
            UsageException e = assertThrows(UsageException.class, () -> BindAddress.parse("metrics-bind-address", bad), bad);
            assertTrue(e.getMessage().startsWith("Invalid --metrics-bind-address flag \"" + bad + "\": "), e.getMessage());
        }
    }

    @Test
    void defaultsAreHealthOnEveryAddressAndMetricsOnLoopback() throws Exception {
        AgentOptions options = AgentOptions.from(ArgParser.parse(List.of("run")));
        assertEquals(Optional.of(new InetSocketAddress(InetAddress.ofLiteral("0.0.0.0"), 10266)), options.healthBindAddress());
        assertEquals(Optional.of(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 10267)), options.metricsBindAddress());
        AgentOptions off = AgentOptions.from(ArgParser.parse(List.of("run", "--health-bind-address=", "--metrics-bind-address", "")));
        assertEquals(Optional.empty(), off.healthBindAddress());
        assertEquals(Optional.empty(), off.metricsBindAddress());
    }
}
