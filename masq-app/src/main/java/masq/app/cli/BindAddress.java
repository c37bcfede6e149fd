package masq.app.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import masq.api.GoQuote;

/**
 * Parses {@code --health-bind-address} and {@code --metrics-bind-address}: {@code host:port},
 * {@code [v6]:port} or {@code :port} (every address), Go's {@code net.Listen} syntax as kube-proxy takes it.
 * The host must be an IP literal: a name would need DNS at start-up, and a node agent must start without it.
 */
final class BindAddress {
    private BindAddress() {
    }

    /**
     * @return empty for the empty string (the endpoint is disabled)
     * @throws UsageException naming the flag and the value when it is not a literal address and port
     */
    static Optional<InetSocketAddress> parse(String flag, String text) throws UsageException {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw invalid(flag, text, "want host:port, [ipv6]:port or :port");
        }
        String host = text.substring(0, colon);
        String port = text.substring(colon + 1);
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
            throw invalid(flag, text, "port " + GoQuote.quote(port) + " is not 0-65535");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw invalid(flag, text, "put an IPv6 address in brackets: [::1]:port");
        }
        try {
            if (host.isEmpty()) {
                // ":port": the wildcard address, every IPv4 and (on a dual-stack host) IPv6 address, as in Go.
                return Optional.of(new InetSocketAddress(Integer.parseInt(port)));
            }
            return Optional.of(new InetSocketAddress(InetAddress.ofLiteral(host), Integer.parseInt(port)));
        } catch (IllegalArgumentException e) {
            throw invalid(flag, text, "host " + GoQuote.quote(host) + " is not an IP address");
        }
    }

    private static UsageException invalid(String flag, String text, String why) {
        return new UsageException("Invalid --" + flag + " flag " + GoQuote.quote(text) + ": " + why);
    }
}
