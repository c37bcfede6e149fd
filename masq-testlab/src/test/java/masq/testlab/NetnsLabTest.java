package masq.testlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The harness itself: real packets, no NAT unless the test adds it, nothing left behind. */
class NetnsLabTest {

    @Test
    void withoutRulesExtSeesThePodAndWithMasqueradeTheNode() throws Exception {
        KernelTests.assumeKernel("iptables-legacy");
        List<String> names;
        try (NetnsLab lab = NetnsLab.create("lab")) {
            names = List.of(lab.podNs(), lab.nodeNs(), lab.extNs());
            lab.addExtAddress("10.200.0.2");
            lab.addExtAddress("fd00:10::2");

            assertEquals(NetnsLab.POD_V4, lab.connectFromPod(NetnsLab.EXT_V4, 7001).address());
            assertEquals(NetnsLab.POD_V4, lab.connectFromPod("10.200.0.2", 7001).address());
            assertEquals(NetnsLab.POD_V6, lab.connectFromPod(NetnsLab.EXT_V6, 7001).address());
            assertEquals(NetnsLab.POD_V6, lab.connectFromPod("fd00:10::2", 7001).address());

            lab.commands(lab.nodeNs()).check("iptables-legacy", "-t", "nat", "-A", "POSTROUTING", "-j", "MASQUERADE");
            assertEquals(NetnsLab.NODE_EXT_V4, lab.connectFromPod(NetnsLab.EXT_V4, 7001).address());
            // IPv6 has no rule: still the pod's address.
            assertEquals(NetnsLab.POD_V6, lab.connectFromPod(NetnsLab.EXT_V6, 7001).address());

            // The executor's thread really is inside the node namespace. (/proc/thread-self/net is the
            // thread's namespace; /proc/net would be the process's.)
            String dev = lab.executorIn(lab.nodeNs()).submit(() ->
                    java.nio.file.Files.readString(java.nio.file.Path.of("/proc/thread-self/net/dev"))).get();
            assertTrue(dev.contains("to-pod:") && dev.contains("to-ext:") && !dev.contains("eth0:"), dev);
        }
        String left = LabCommands.host().run(List.of("ip", "netns", "list"), "", Duration.ofSeconds(10)).stdout();
        for (String ns : names) {
            assertFalse(left.contains(ns), "namespace " + ns + " was not deleted");
        }
        assertTrue(names.getFirst().startsWith("masqt-lab-"));
    }
}
