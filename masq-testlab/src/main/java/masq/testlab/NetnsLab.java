package masq.testlab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Three network namespaces that prove masquerading with real packets, created fresh per test:
 *
 * <pre>
 *  pod 10.244.1.2/24, fd00:244:1::2/64 ── node (router: forwarding on, the agent's rules) ── ext
 *      default via node                     10.244.1.1   fd00:244:1::1  (pod side)        203.0.113.2/24, fd00:99::2/64
 *                                           203.0.113.1  fd00:99::1     (ext side)        routes the pod range back via node
 * </pre>
 *
 * A TCP server in ext answers each connection with the source address and port it saw: the node's
 * address means masqueraded, the pod's means not. Nothing is connected to the namespace the test runs
 * in; {@link #close()} deletes all three namespaces (and their veths), also after a failed test.
 */
public final class NetnsLab implements AutoCloseable {
    public static final String POD_V4 = "10.244.1.2";
    public static final String POD_V6 = "fd00:244:1::2";
    public static final String NODE_EXT_V4 = "203.0.113.1";
    public static final String NODE_EXT_V6 = "fd00:99::1";
    public static final String EXT_V4 = "203.0.113.2";
    public static final String EXT_V6 = "fd00:99::2";

    private final String pod;
    private final String node;
    private final String ext;
    private final List<String> created = new ArrayList<>();
    private final Map<String, ExecutorService> executors = new HashMap<>();
    private final Map<Integer, SourceReporter> servers = new HashMap<>();
    private final Thread safetyNet;

    private NetnsLab(String prefix) {
        String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(2);
        this.pod = "masqt-" + prefix + "-" + id + "-pod";
        this.node = "masqt-" + prefix + "-" + id + "-node";
        this.ext = "masqt-" + prefix + "-" + id + "-ext";
        // If the JVM is stopped before close(), still delete what we created.
        this.safetyNet = new Thread(this::deleteNamespaces);
        Runtime.getRuntime().addShutdownHook(safetyNet);
    }

    /**
     * Builds the topology. Call {@link KernelTests#assumeKernel} first so tests skip where they cannot run.
     *
     * @param prefix a short tag naming the test suite, part of every namespace name
     */
    public static NetnsLab create(String prefix) {
        NetnsLab lab = new NetnsLab(prefix);
        try {
            lab.build();
            return lab;
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    private void build() {
        LabCommands host = LabCommands.host();
        for (String ns : List.of(pod, node, ext)) {
            host.check("ip", "netns", "add", ns);
            created.add(ns);
            host.check("ip", "-n", ns, "link", "set", "lo", "up");
        }
        // veth pairs are created inside the namespaces: no end ever exists in the test's own namespace.
        host.check("ip", "-n", node, "link", "add", "to-pod", "type", "veth", "peer", "name", "eth0", "netns", pod);
        host.check("ip", "-n", node, "link", "add", "to-ext", "type", "veth", "peer", "name", "eth0", "netns", ext);
        address(pod, "eth0", "10.244.1.2/24", "fd00:244:1::2/64");
        address(node, "to-pod", "10.244.1.1/24", "fd00:244:1::1/64");
        address(node, "to-ext", "203.0.113.1/24", "fd00:99::1/64");
        address(ext, "eth0", "203.0.113.2/24", "fd00:99::2/64");
        host.check("ip", "-n", pod, "route", "add", "default", "via", "10.244.1.1");
        host.check("ip", "-n", pod, "-6", "route", "add", "default", "via", "fd00:244:1::1");
        host.check("ip", "-n", ext, "route", "add", "10.244.0.0/16", "via", "203.0.113.1");
        host.check("ip", "-n", ext, "-6", "route", "add", "fd00:244::/32", "via", "fd00:99::1");
        LabCommands.in(node).check("sysctl", "-q", "-w", "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1");
        // The first IPv6 packet is lost until every veth reports carrier: wait for it.
        waitFor(Duration.ofSeconds(10), "veths up", () -> linkUp(pod, "eth0") && linkUp(node, "to-pod")
                && linkUp(node, "to-ext") && linkUp(ext, "eth0"));
    }

    private static void address(String ns, String dev, String v4, String v6) {
        LabCommands host = LabCommands.host();
        host.check("ip", "-n", ns, "addr", "add", v4, "dev", dev);
        host.check("ip", "-n", ns, "addr", "add", v6, "dev", dev, "nodad");
        host.check("ip", "-n", ns, "link", "set", dev, "up");
    }

    private static boolean linkUp(String ns, String dev) {
        return LabCommands.host().check("ip", "-n", ns, "link", "show", dev).contains("state UP");
    }

    public String podNs() {
        return pod;
    }

    public String nodeNs() {
        return node;
    }

    public String extNs() {
        return ext;
    }

    /** A command runner whose every command runs inside {@code namespace}. */
    public LabCommands commands(String namespace) {
        return LabCommands.in(namespace);
    }

    /**
     * Hosts one more destination address in ext (on its loopback) and routes it from the node to ext.
     * Use it for destinations such as 10.200.0.2 (private), 169.254.10.2 (link-local) or fd00:10::2.
     */
    public void addExtAddress(String address) {
        boolean v6 = address.contains(":");
        LabCommands host = LabCommands.host();
        if (v6) {
            host.check("ip", "-n", ext, "addr", "add", address + "/128", "dev", "lo", "nodad");
            host.check("ip", "-n", node, "-6", "route", "add", address + "/128", "via", EXT_V6);
        } else {
            host.check("ip", "-n", ext, "addr", "add", address + "/32", "dev", "lo");
            host.check("ip", "-n", node, "route", "add", address + "/32", "via", EXT_V4);
        }
    }

    /**
     * A single platform thread that has joined {@code namespace}: sockets and netlink handles it opens
     * belong there. Shut down by {@link #close()}.
     */
    public synchronized ExecutorService executorIn(String namespace) {
        return executors.computeIfAbsent(namespace, ns -> Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(() -> {
                Namespaces.enter(ns);
                r.run();
            }, "netns-" + ns);
            t.setDaemon(true);
            return t;
        }));
    }

    /** Opens a TCP connection from the pod to {@code destination:port} and returns what ext saw. */
    public Seen connectFromPod(String destination, int port) {
        ensureServer(port);
        try {
            return executorIn(pod).submit(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(java.net.InetAddress.ofLiteral(destination), port), 5000);
                    s.setSoTimeout(5000);
                    String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                            .readLine();
                    int space = line.lastIndexOf(' ');
                    return new Seen(line.substring(0, space), Integer.parseInt(line.substring(space + 1)));
                }
            }).get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("connect from pod to " + destination + ":" + port + " failed", e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("connect from pod to " + destination + ":" + port + " failed", e);
        }
    }

    private synchronized void ensureServer(int port) {
        servers.computeIfAbsent(port, p -> {
            try {
                return executorIn(ext).submit(() -> SourceReporter.start(p)).get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the reporter on port " + p + " in ext", e);
            }
        });
    }

    /** Polls {@code condition} until it holds or {@code timeout} passes (then fails, naming it). */
    public static void waitFor(Duration timeout, String what, java.util.function.BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(10); // polling interval of a deadline-bounded wait, not a fixed delay
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    @Override
    public synchronized void close() {
        servers.values().forEach(SourceReporter::close);
        servers.clear();
        executors.values().forEach(ExecutorService::shutdownNow);
        executors.clear();
        deleteNamespaces();
        try {
            Runtime.getRuntime().removeShutdownHook(safetyNet);
        } catch (IllegalStateException shuttingDown) {
            // the hook is already running or has run: nothing left to do
        }
    }

    private synchronized void deleteNamespaces() {
        for (String ns : created) {
            try {
                LabCommands.host().run(List.of("ip", "netns", "del", ns), "", Duration.ofSeconds(10));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        created.clear();
    }

    /**
     * What ext saw.
     *
     * @param address the source address of the connection, canonical text (IPv6 not bracketed)
     * @param port    its source port
     */
    public record Seen(String address, int port) {
    }
}
