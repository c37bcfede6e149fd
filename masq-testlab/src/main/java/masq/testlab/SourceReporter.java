package masq.testlab;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import masq.api.IpAddress;

/**
 * The ext host's TCP server: answers every connection with {@code "<source address> <source port>\n"}.
 * Created on a thread inside ext's namespace, so its listening socket lives there; the accept loop may
 * then run on any thread because accepted sockets belong to the listener's namespace.
 */
final class SourceReporter implements AutoCloseable {
    private final ServerSocket server;

    private SourceReporter(ServerSocket server) {
        this.server = server;
    }

    static SourceReporter start(int port) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.ofLiteral("::"), port)); // dual-stack: IPv4 arrives mapped
        SourceReporter reporter = new SourceReporter(server);
        Thread loop = new Thread(reporter::serve, "source-reporter-" + port);
        loop.setDaemon(true);
        loop.start();
        return reporter;
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
                InetSocketAddress peer = (InetSocketAddress) s.getRemoteSocketAddress();
                String address = IpAddress.parse(peer.getAddress().getHostAddress()).toString();
                out.write((address + " " + peer.getPort() + "\n").getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing a listener cannot fail in a way that matters to a test
        }
    }
}
