package masq.e2e.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import masq.testlab.KernelTests;
import masq.testlab.KubeletConfigMap;
import masq.testlab.ImageAgent;
import masq.testlab.NetnsLab;
import masq.testlab.ToolShims;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real signals to the image's agent (iptables-legacy, in a lab's node namespace) at moments of start-up and
 * of an apply that a wrapper around the iptables tools holds open until the signal has been sent (issue 11
 * item 9): a stop signal ends with 0 whenever it comes, and no signal leaves the chain partly written.
 */
@Timeout(300)
class SignalsKernelIT {
    static final Duration DEADLINE = Duration.ofSeconds(60);
    static final String SMALL = "nonMasqueradeCIDRs:\n  - 10.0.0.0/8\nresyncInterval: 1h\n";

    @TempDir
    Path tmp;
    NetnsLab lab;
    KubeletConfigMap map;
    Path hold;
    Path entered;
    final List<ImageAgent> agents = new ArrayList<>();

    @BeforeEach
    void lab() throws Exception {
        ImageAgent.requireImage();
        KernelTests.assumeKernel("iptables-legacy", "iptables-legacy-save", "iptables-legacy-restore");
        lab = NetnsLab.create("sig");
        hold = tmp.resolve("hold");
        entered = tmp.resolve("entered");
    }

    @AfterEach
    void cleanUp() throws Exception {
        Files.deleteIfExists(hold); // lets a held wrapper go on
        agents.forEach(ImageAgent::close);
        if (lab != null) {
            lab.close();
        }
    }

    /**
     * A PATH whose {@code tool} (when its arguments start with {@code firstArg}, any when null) first creates
     * the "entered" file, then waits while the "hold" file exists (60 s at most), then runs the real one.
     */
    Map<String, String> holding(String tool, String firstArg) throws Exception {
        String when = firstArg == null ? "true" : "[ \"$1\" = '" + firstArg + "' ]";
        ToolShims shims = ToolShims.in(tmp.resolve("shim")).add(tool, "if " + when + " && [ -e '" + hold + "' ]; then\n"
                + "  : > '" + entered + "'\n"
                + "  i=0; while [ -e '" + hold + "' ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done\nfi\n"
                + "exec '" + KernelTests.which(tool) + "' \"$@\"\n");
        Files.createFile(hold);
        return shims.env();
    }

    ImageAgent agent(Map<String, String> env) throws Exception {
        ImageAgent a = ImageAgent.launch(tmp).inNamespace(lab.nodeNs()).env(env).start("--backend=iptables-legacy",
                "--config-dir", map.dir().toString(), "--lock-file", tmp.resolve("agent.lock").toString(),
                "--resync-interval=1h", "--v=4");
        agents.add(a);
        return a;
    }

    void awaitEntered() {
        NetnsLab.waitFor(DEADLINE, "the held tool was started", () -> Files.exists(entered));
    }

    /** Lines of iptables-save naming our chain: its declaration, the jump, and its rules. */
    List<String> ours() {
        return lab.commands(lab.nodeNs()).check("iptables-legacy-save", "-t", "nat").lines().filter(l -> l.contains("IP-MASQ-AGENT")).toList();
    }

    static String big(int n) {
        StringBuilder yaml = new StringBuilder("cidrLimit: 20000\nresyncInterval: 1h\nnonMasqueradeCIDRs:\n");
        for (int i = 0; i < n; i++) {
            yaml.append("  - 100.").append(64 + i / 65536 % 64).append('.').append(i / 256 % 256).append('.').append(i % 256).append("/32\n");
        }
        return yaml.toString();
    }

    /** Whether this test process (and so the agent it starts) ignores the signal, e.g. SIGINT in a background job. */
    static boolean ignoredHere(int signal) throws Exception {
        String line = Files.readString(Path.of("/proc/self/status")).lines().filter(l -> l.startsWith("SigIgn:")).findFirst().orElseThrow();
        return new BigInteger(line.substring(7).trim(), 16).testBit(signal - 1);
    }

    @Test
    void sigtermWhileTheBackendIsProbedAtStartUpExitsZeroAndChangesNothing() throws Exception {
        map = KubeletConfigMap.create(tmp.resolve("config"), Map.of("ip-masq-agent", SMALL));
        // `run` asks `iptables-legacy --version` whether the backend is there, before it takes the lock.
        ImageAgent a = agent(holding("iptables-legacy", "--version"));
        awaitEntered();
        a.signal("TERM");
        Files.delete(hold);
        assertEquals(0, a.awaitExit(DEADLINE), a.log());
        assertEquals(1, a.count("stopped before the first sync; nothing was changed"), a.log());
        assertEquals(List.of(), ours(), "no chain, no jump");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT", "HUP", "USR1", "USR2", "QUIT"})
    void noSignalDuringAnApplyLeavesThePolicyHalfWritten(String signal) throws Exception {
        map = KubeletConfigMap.create(tmp.resolve("config"), Map.of("ip-masq-agent", SMALL));
        Map<String, String> env = holding("iptables-legacy-restore", null);
        Files.delete(hold); // the first sync goes through
        ImageAgent a = agent(env);
        a.awaitLog("rules synced");
        int before = ours().size();
        assertEquals(5, before, "declaration, jump, 10/8, link-local, MASQUERADE: " + ours());

        Files.createFile(hold);
        map.update(Map.of("ip-masq-agent", big(3_000)));
        awaitEntered(); // the new policy's restore has started and waits
        a.signal(signal);
        Files.delete(hold);
        boolean stops = signal.equals("TERM") || (signal.equals("INT") && !ignoredHere(2));
        if (stops) {
            assertEquals(0, a.awaitExit(DEADLINE), a.log());
            assertEquals(1, a.count("sync loop stopped; rules stay in place"), a.log());
        } else {
            a.awaitLog("rules synced", 2, DEADLINE);
            assertTrue(a.alive(), signal + " must not end the agent:\n" + a.log());
        }
        // The apply that was in flight when the signal came was finished: the whole new policy, never a part.
        assertEquals(3_004, ours().size(), "declaration, jump, 3 000 CIDRs, link-local, MASQUERADE\n" + a.log());
        if (!stops) {
            a.signal("TERM");
            assertEquals(0, a.awaitExit(DEADLINE), a.log());
        }
    }
}
