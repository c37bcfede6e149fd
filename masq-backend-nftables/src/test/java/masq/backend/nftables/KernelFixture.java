package masq.backend.nftables;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import masq.api.IpAddress;
import masq.api.MasqPolicy;
import masq.api.spi.BackendContext;
import masq.api.spi.CommandRunner;
import masq.api.spi.FirewallBackend;
import masq.api.spi.SyncResult;
import masq.testlab.KernelTests;
import masq.testlab.NetnsLab;

/**
 * A lab plus the real backend (built by the provider, as the agent builds it) living in the node
 * namespace: every backend call runs on the lab's thread that joined the node namespace, so the
 * libnftables context and the watch socket belong there; the CLI path runs {@code nft} there via
 * {@code ip netns exec}. Counts the nft scripts that were not read-only.
 */
final class KernelFixture implements AutoCloseable {

    final NetnsLab lab;
    final FirewallBackend backend;
    final CommandRunner node;
    private final ExecutorService nodeThread;
    final AtomicInteger cliWrites = new AtomicInteger();
    /** Syncs queued by {@link #syncLater} that changed the kernel (repairs), and those that threw. */
    final AtomicInteger laterRepairs = new AtomicInteger();
    final AtomicInteger laterFailures = new AtomicInteger();

    private KernelFixture(NetnsLab lab, String mode) throws Exception {
        this.lab = lab;
        this.node = lab.commands(lab.nodeNs());
        this.nodeThread = lab.executorIn(lab.nodeNs());
        CommandRunner counting = (argv, stdin, timeout) -> {
            if (argv.equals(List.of("nft", "-f", "-")) && !stdin.startsWith("list ")) {
                cliWrites.incrementAndGet();
            }
            return node.run(argv, stdin, timeout);
        };
        this.backend = inNode(() -> new NftablesBackendProvider()
                .create(new BackendContext(counting, Map.of("nft-mode", mode))));
    }

    /** Skips unless root, nft present and (for the library mode) libnftables loadable. */
    static KernelFixture create(String mode) throws Exception {
        KernelTests.assumeKernel("nft");
        org.junit.jupiter.api.Assumptions.assumeTrue(!mode.equals("library") || Libnftables.probe().isPresent(),
                "libnftables.so.1 not installed");
        NetnsLab lab = NetnsLab.create("nft");
        try {
            return new KernelFixture(lab, mode);
        } catch (Exception | Error e) {
            lab.close();
            throw e;
        }
    }

    <T> T inNode(Callable<T> call) throws Exception {
        try {
            return nodeThread.submit(call).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    SyncResult sync(MasqPolicy policy) throws Exception {
        return inNode(() -> backend.sync(policy));
    }

    /**
     * Queues a sync on the node thread and returns at once, as the agent's loop does on a watch event.
     * Queued syncs run one at a time, like the agent's loop; each is counted in {@link #laterRepairs} when it
     * wrote, in {@link #laterFailures} when it threw.
     */
    void syncLater(MasqPolicy policy) {
        nodeThread.submit(() -> {
            try {
                if (backend.sync(policy).changed()) {
                    laterRepairs.incrementAndGet();
                }
            } catch (Exception | Error e) {
                laterFailures.incrementAndGet();
                throw e;
            }
            return null;
        });
    }

    /** nft run in the node namespace; fails the test when it fails. */
    String nft(String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "nft";
        System.arraycopy(args, 0, argv, 1, args.length);
        return lab.commands(lab.nodeNs()).check(argv);
    }

    /** The source address ext saw for a TCP connection from the pod. */
    IpAddress seenFrom(String destination) {
        return IpAddress.parse(lab.connectFromPod(destination, 8080).address());
    }

    boolean masqueraded(String destination) {
        IpAddress seen = seenFrom(destination);
        IpAddress node = IpAddress.parse(destination.contains(":") ? NetnsLab.NODE_EXT_V6 : NetnsLab.NODE_EXT_V4);
        IpAddress pod = IpAddress.parse(destination.contains(":") ? NetnsLab.POD_V6 : NetnsLab.POD_V4);
        if (!seen.equals(node) && !seen.equals(pod)) {
            throw new AssertionError("ext saw neither the node nor the pod: " + seen);
        }
        return seen.equals(node);
    }

    boolean tableExists() throws IOException {
        return node.run(List.of("nft", "list", "table", "inet", "ip-masq-agent"), "", Duration.ofSeconds(10)).ok();
    }

    @Override
    public void close() {
        try {
            inNode(() -> {
                backend.close();
                return null;
            });
        } catch (Exception e) {
            throw new IllegalStateException("closing the backend failed", e);
        } finally {
            lab.close();
        }
    }
}
