package masq.e2e.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import masq.testlab.ImageAgent;
import masq.testlab.KernelTests;
import masq.testlab.NetnsLab;
import masq.testlab.NodeState;
import masq.testlab.ToolShims;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The node is not ours: every command path of the jlinked agent, run wholly inside a node namespace
 * (as in production), for every built-in backend, on an empty node and on a node in nft mode. Commands
 * that promise to touch nothing leave the legacy tables ({@code ip_tables_names}, {@code ip6_tables_names})
 * and the whole nft ruleset exactly as they were; {@code run} creates its own ruleset and nothing else,
 * also when it cleans up after other backends after its first sync.
 */
@Timeout(900)
class NodeSideEffectsIT {
    static final Duration DEADLINE = Duration.ofSeconds(60);
    static final List<String> KERNEL_BACKENDS = List.of("iptables", "iptables-legacy", "iptables-nft", "nftables");

    /** The node before the agent starts. */
    enum Node { EMPTY, NFT_MODE }

    @TempDir
    Path tmp;
    Path config;
    NetnsLab lab;
    final List<ImageAgent> agents = new ArrayList<>();

    @BeforeEach
    void config() throws Exception {
        ImageAgent.requireImage();
        KernelTests.assumeKernel("iptables-legacy", "iptables-nft", "ip6tables-nft", "iptables-nft-restore", "nft");
        config = Files.createDirectories(tmp.resolve("config"));
        Files.writeString(config.resolve("ip-masq-agent"), "nonMasqueradeCIDRs:\n  - 10.0.0.0/8\nresyncInterval: 1s\n");
    }

    @AfterEach
    void cleanUp() {
        agents.forEach(ImageAgent::close);
        if (lab != null) {
            lab.close();
        }
    }

    String node(Node kind) throws Exception {
        lab = NetnsLab.create("side");
        if (kind == Node.NFT_MODE) {
            NodeState.seedNftMode(lab.nodeNs());
        }
        return lab.nodeNs();
    }

    ImageAgent start(Map<String, String> env, List<String> args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args.getFirst(), "--config-dir", config.toString()));
        all.addAll(args.subList(1, args.size()));
        ImageAgent a = ImageAgent.launch(tmp).inNamespace(lab.nodeNs()).env(env).start(all);
        agents.add(a);
        return a;
    }

    /** Runs a command that ends by itself and checks its exit status. */
    ImageAgent finished(int status, String... args) throws Exception {
        ImageAgent a = start(Map.of(), List.of(args));
        assertEquals(status, a.awaitExit(DEADLINE), String.join(" ", args) + ":\n" + a.all());
        return a;
    }

    @ParameterizedTest
    @EnumSource(Node.class)
    void commandsThatPromiseToTouchNothingCreateNothing(Node kind) throws Exception {
        String ns = node(kind);
        String before = NodeState.of(ns);
        List<List<String>> commands = new ArrayList<>();
        commands.add(List.of("check"));
        commands.add(List.of("explain", "10.0.0.1", "8.8.8.8"));
        for (String backend : Stream.concat(KERNEL_BACKENDS.stream(), Stream.of("dryrun")).toList()) {
            commands.add(List.of("render", "--backend=" + backend));
            commands.add(List.of("cleanup", "--backend=" + backend));
        }
        commands.add(List.of("run", "--once", "--backend=dryrun"));
        for (List<String> command : commands) {
            ImageAgent a = finished(0, command.toArray(String[]::new));
            assertEquals(before, NodeState.of(ns), String.join(" ", command) + " changed the node:\n" + a.all());
            assertFalse(a.all().contains("removed"), String.join(" ", command) + " claims to have removed something:\n" + a.all());
        }
    }

    static Stream<Arguments> nodesAndBackends() {
        return Stream.of(Node.values()).flatMap(n -> KERNEL_BACKENDS.stream().map(b -> Arguments.of(n, b)));
    }

    @ParameterizedTest(name = "{0} --backend={1}")
    @MethodSource("nodesAndBackends")
    void runCreatesItsOwnRulesetAndNothingElse(Node kind, String backend) throws Exception {
        String ns = node(kind);
        String before = NodeState.of(ns);
        finished(0, "run", "--once", "--backend=" + backend);
        String synced = NodeState.of(ns);
        if (backend.equals("iptables-legacy")) {
            assertEquals("legacy IPv4 [nat]\nlegacy IPv6 []", legacy(synced), "only the IPv4 nat table it writes");
            assertEquals(nft(before), nft(synced));
        } else {
            assertEquals(legacy(before), legacy(synced), "no legacy table");
            assertTrue(nft(synced).contains(backend.equals("nftables") ? "table inet ip-masq-agent" : "chain IP-MASQ-AGENT"),
                    synced);
        }
        // The long-running agent also cleans up after the other backends once its first sync is done; the
        // second sync starts only after that (same thread).
        ImageAgent run = start(Map.of(), List.of("run", "--backend=" + backend, "--lock-file", tmp.resolve("lock").toString(),
                "--resync-interval=1s", "--v=4"));
        run.awaitLog("sync started (", 2, DEADLINE);
        assertEquals(0, run.sigterm(DEADLINE), run.log());
        assertEquals(synced, NodeState.of(ns), "cleaning up after other backends created something:\n" + run.log());
        assertEquals(0, run.count("removed rules left by backend"), "nothing of another backend was there:\n" + run.log());
    }

    @Test
    void kubeProxysChainIsRefusedAsMasqChainAndLeftAloneByCleanup() throws Exception {
        String ns = node(Node.NFT_MODE);
        String before = NodeState.of(ns);
        ImageAgent once = finished(1, "run", "--once", "--backend=iptables", "--masq-chain=KUBE-POSTROUTING");
        assertTrue(once.log().contains("(ALREADY_EXISTS): failed to sync chain KUBE-POSTROUTING: the IPv4 nat table already has"
                + " a chain KUBE-POSTROUTING holding 3 rule(s) ip-masq-agent did not write"), once.log());
        assertEquals(before, NodeState.of(ns));
        finished(0, "cleanup", "--backend=iptables", "--masq-chain=KUBE-POSTROUTING");
        assertEquals(before, NodeState.of(ns));
    }

    /** A save tool that never stops writing: reported as output too large, not as a missing package. */
    @Test
    void anEndlessSaveIsReportedAsOutputTooLarge() throws Exception {
        node(Node.EMPTY);
        ToolShims shims = ToolShims.in(tmp.resolve("shim"))
                .add("iptables-nft-save", "exec yes -- '-A KUBE-SVC-ENDLESS -m comment --comment \"endless\" -j RETURN'\n");
        ImageAgent a = start(shims.env(), List.of("run", "--once", "--backend=iptables-nft"));
        assertEquals(1, a.awaitExit(DEADLINE), a.log());
        assertTrue(a.log().contains("(FAILED): failed to read the nat table: iptables-nft-save wrote more than 16 MiB to stdout "
                + "and was killed (output too large)"), a.log());
        assertFalse(a.log().contains("is the iptables package installed"), a.log());
    }

    private static String legacy(String state) {
        return String.join("\n", state.lines().limit(2).toList());
    }

    private static String nft(String state) {
        return String.join("\n", state.lines().skip(2).toList());
    }
}
