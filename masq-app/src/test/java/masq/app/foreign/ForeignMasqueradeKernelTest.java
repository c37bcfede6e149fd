package masq.app.foreign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import masq.api.Cidr;
import masq.api.IpAddress;
import masq.api.IpFamily;
import masq.api.MasqPolicy;
import masq.api.spi.BackendContext;
import masq.api.spi.CommandRunner;
import masq.api.spi.FirewallBackend;
import masq.api.spi.FirewallBackendProvider;
import masq.app.cli.AgentOptions;
import masq.app.cli.ArgParser;
import masq.app.command.Environment;
import masq.app.command.ExplainCommand;
import masq.app.discovery.BackendRegistry;
import masq.app.discovery.ConfigSources;
import masq.app.platform.Console;
import masq.testlab.KernelTests;
import masq.testlab.LabCommands;
import masq.testlab.NetnsLab;
import masq.testlab.NodeState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each shape of foreign masquerading written into a lab's node namespace the way its product writes it, next to
 * our real backend's rules (policy: 10.0.0.0/8 and 192.168.0.0/16 exempt): a real connection from the pod shows
 * whether the exempt destination left masqueraded, and the detection (read through the real tools inside the
 * namespace) must say the same — the finding, its kind, the watch's count and {@code explain}'s answer.
 */
class ForeignMasqueradeKernelTest {
    static final MasqPolicy POLICY = new MasqPolicy(java.util.Set.of(IpFamily.IPV4),
            List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("192.168.0.0/16")), List.of(), false, false, List.of(), true,
            MasqPolicy.DEFAULT_CHAIN);
    static final String COMMENT_CNI = "-m comment --comment \"name: \\\"cbr0\\\" id: \\\"5c0ffee\\\"\"";

    /**
     * @param ours        our backend
     * @param restore     the restore tool and payload, or {@code nft} and a script; empty for none
     * @param destination an exempt destination to connect to
     * @param kind        the kind expected to be found, null for none
     * @param masqueraded whether the foreign rule masquerades the destination (what the packet must show)
     */
    record Shape(String name, String ours, String tool, String payload, String destination, ForeignKind kind,
                 boolean masqueraded) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> shapes() {
        return Stream.of(
                new Shape("none", "iptables-nft", null, null, "10.200.0.2", null, false),
                new Shape("cni-bridge", "iptables-nft", "iptables-nft-restore", """
                        *nat
                        :CNI-1a2b3c - [0:0]
                        -I POSTROUTING 1 -s 10.244.1.2/32 %1$s -j CNI-1a2b3c
                        -A CNI-1a2b3c -d 10.244.1.0/24 %1$s -j ACCEPT
                        -A CNI-1a2b3c ! -d 224.0.0.0/4 %1$s -j MASQUERADE
                        COMMIT
                        """.formatted(COMMENT_CNI), "10.200.0.2", ForeignKind.CNI, true),
                new Shape("docker-legacy", "iptables-nft", "iptables-legacy-restore", """
                        *nat
                        :DOCKER - [0:0]
                        -A POSTROUTING -s 10.244.1.0/24 ! -o docker0 -j MASQUERADE
                        -A DOCKER -i docker0 -j RETURN
                        COMMIT
                        """, "10.200.0.2", ForeignKind.DOCKER, true),
                new Shape("flannel", "iptables-nft", "iptables-nft-restore", """
                        *nat
                        :FLANNEL-POSTRTG - [0:0]
                        -A POSTROUTING -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG
                        -A FLANNEL-POSTRTG -m mark --mark 0x4000/0x4000 -m comment --comment "flanneld masq" -j RETURN
                        -A FLANNEL-POSTRTG -s 10.244.0.0/16 -d 10.244.0.0/16 -m comment --comment "flanneld masq" -j RETURN
                        -A FLANNEL-POSTRTG -s 10.244.0.0/16 ! -d 224.0.0.0/4 -m comment --comment "flanneld masq" -j MASQUERADE --random-fully
                        COMMIT
                        """, "10.200.0.2", ForeignKind.FLANNEL, true),
                new Shape("kubelet", "iptables-legacy", "iptables-legacy-restore", """
                        *nat
                        -I POSTROUTING 1 ! -d 10.0.0.0/8 -m comment --comment "kubelet: SNAT outbound cluster traffic" -m addrtype ! --dst-type LOCAL -j MASQUERADE
                        COMMIT
                        """, "192.168.7.2", ForeignKind.KUBELET, true),
                new Shape("kube-proxy", "iptables-nft", "iptables-nft-restore", NodeState.KUBE_PROXY_NAT, "10.200.0.2",
                        ForeignKind.KUBE_PROXY, false),
                new Shape("nft-srcnat-100", "iptables-nft", "nft", """
                        table ip edge-nat {
                          chain postrouting {
                            type nat hook postrouting priority srcnat - 100; policy accept;
                            ip saddr 10.244.0.0/16 oifname != "cni0" masquerade
                          }
                        }
                        """, "10.200.0.2", ForeignKind.NFTABLES, true),
                new Shape("go-agent-legacy-while-we-run-nftables", "nftables", "iptables-legacy-restore", """
                        *nat
                        :IP-MASQ-AGENT - [0:0]
                        -A POSTROUTING -m comment --comment "ip-masq-agent: ensure nat POSTROUTING directs all non-LOCAL destination traffic to our custom IP-MASQ-AGENT chain" -m addrtype ! --dst-type LOCAL -j IP-MASQ-AGENT
                        -A IP-MASQ-AGENT -m comment --comment "ip-masq-agent: local traffic is not subject to MASQUERADE" -d 169.254.0.0/16 -j RETURN
                        -A IP-MASQ-AGENT -m comment --comment "ip-masq-agent: local traffic is not subject to MASQUERADE" -d 192.168.0.0/16 -j RETURN
                        -A IP-MASQ-AGENT -m comment --comment "ip-masq-agent: outbound traffic is subject to MASQUERADE (must be last in chain)" -j MASQUERADE
                        COMMIT
                        """, "10.200.0.2", ForeignKind.IP_MASQ_AGENT, true))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void detectionAgreesWithThePackets(Shape shape) throws Exception {
        KernelTests.assumeKernel("iptables-nft-restore", "iptables-legacy-restore", "iptables-nft-save", "nft");
        try (NetnsLab lab = NetnsLab.create("fgn")) {
            lab.addExtAddress(shape.destination());
            String node = lab.nodeNs();
            LabCommands tools = lab.commands(node);
            FirewallBackend ours = inNode(lab, () -> provider(shape.ours()).create(new BackendContext(tools, Map.of())));
            try {
                inNode(lab, () -> ours.sync(POLICY));
                if ("nft".equals(shape.tool())) {
                    CommandRunner.Result r = tools.run(List.of("nft", "-f", "-"), shape.payload(), Duration.ofSeconds(30));
                    assertTrue(r.ok(), r.stderr());
                } else if (shape.tool() != null) {
                    NodeState.restore(tools, shape.tool(), shape.payload());
                }
                // The packet: which source address ext saw.
                String seen = IpAddress.parse(lab.connectFromPod(shape.destination(), 8080).address()).toString();
                assertEquals(shape.masqueraded() ? NetnsLab.NODE_EXT_V4 : NetnsLab.POD_V4, seen, "source seen by ext");

                // The detection, through the production reader on a thread inside the node namespace.
                NatReader reader = new CommandNatReader(tools, Path.of("/proc/thread-self/net"));
                Optional<String> rulesetId = ours.rulesetId();
                ForeignRules rules = inNode(lab, () -> ForeignRules.read(reader, rulesetId, POLICY.families()));
                List<Finding> found = rules.findings(POLICY);
                List<ForeignKind> kinds = found.stream().map(Finding::kind).toList();
                assertEquals(shape.kind() == null ? List.of() : List.of(shape.kind()), kinds, found.toString());
                assertEquals(shape.masqueraded(), found.stream().anyMatch(Finding::conflict), found.toString());
                Optional<Finding> explained = rules.masquerading(IpAddress.parse(shape.destination()), POLICY);
                assertEquals(shape.masqueraded(), explained.isPresent(), "explain: " + explained);
                explained.ifPresent(f -> assertTrue(f.explainLine().startsWith("also masqueraded by "), f.explainLine()));

                // The watch's count for the metric says the same.
                List<Map<String, Long>> counts = new ArrayList<>();
                ForeignWatch watch = new ForeignWatch(reader, rulesetId, counts::add, java.time.Clock.systemUTC());
                inNode(lab, () -> {
                    watch.check(POLICY);
                    return null;
                });
                long conflicts = counts.getLast().values().stream().mapToLong(Long::longValue).sum();
                assertEquals(shape.masqueraded() ? 1 : 0, conflicts, counts.toString());

                // And the explain command, run as an operator would in the agent's pod (root, the node's tools).
                String answer = inNode(lab, () -> explain(tools, shape.ours(), shape.destination()));
                assertEquals(shape.masqueraded(), answer.contains("\nalso masqueraded by "), answer);
                if (shape.masqueraded()) {
                    assertTrue(answer.contains("also masqueraded by " + found.getFirst().describe()), answer);
                }
            } finally {
                inNode(lab, () -> {
                    ours.close();
                    return null;
                });
            }
        }
    }

    /** {@code explain --backend=ours DESTINATION} with the policy's config, the tools running in the node namespace. */
    static String explain(CommandRunner tools, String ours, String destination) throws Exception {
        Path config = Files.createTempDirectory("fgn-config");
        try {
            Files.writeString(config.resolve("ip-masq-agent"), "nonMasqueradeCIDRs: [10.0.0.0/8, 192.168.0.0/16]\n");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Environment env = new Environment(new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8)), BackendRegistry.boot(), ConfigSources.boot(), tools,
                    (v, json) -> { }, stop -> { }, Clock.systemUTC());
            AgentOptions options = AgentOptions.from(ArgParser.parse(List.of("explain", "--backend=" + ours,
                    "--config-dir=" + config)));
            assertEquals(0, ExplainCommand.run(env, options, List.of(destination)), err.toString(StandardCharsets.UTF_8));
            assertEquals("", err.toString(StandardCharsets.UTF_8));
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(config.resolve("ip-masq-agent"));
            Files.delete(config);
        }
    }

    static FirewallBackendProvider provider(String id) {
        return ServiceLoader.load(FirewallBackendProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }

    /** Runs on the lab's thread inside the node namespace (its /proc/thread-self/net, libnftables' socket). */
    static <T> T inNode(NetnsLab lab, Callable<T> call) throws Exception {
        try {
            return lab.executorIn(lab.nodeNs()).submit(call).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }
}
