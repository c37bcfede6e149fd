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
import masq.api.IpAddress;
import masq.testlab.ImageAgent;
import masq.testlab.KernelTests;
import masq.testlab.KubeletConfigMap;
import masq.testlab.NetnsLab;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The jlinked agent running in a lab's node namespace with a real iptables backend, driven through a
 * kubelet-style ConfigMap directory; what packets see (pod -> ext) and what {@code iptables-save} shows in the
 * node namespace are asserted after every step.
 */
@Timeout(300)
class ReconcilerKernelIT {
    static final Duration DEADLINE = Duration.ofSeconds(60);
    static final String PRIVATE = "10.200.0.2";
    /** 10.200.0.2 is not masqueraded (10.0.0.0/8 is exempt). */
    static final String EXEMPT = config("10.0.0.0/8");
    /** 10.200.0.2 is masqueraded (only 192.168.0.0/16 is exempt). */
    static final String MASQ = config("192.168.0.0/16");

    @TempDir
    Path tmp;
    NetnsLab lab;
    KubeletConfigMap map;
    final List<ImageAgent> agents = new ArrayList<>();

    static String config(String... nonMasq) {
        StringBuilder sb = new StringBuilder("nonMasqueradeCIDRs:\n");
        for (String c : nonMasq) {
            sb.append("  - ").append(c).append('\n');
        }
        return sb.append("resyncInterval: 1s\n").toString();
    }

    @BeforeEach
    void lab() {
        ImageAgent.requireImage();
        KernelTests.assumeKernel("iptables-legacy", "iptables-legacy-save", "iptables-nft", "iptables-nft-save");
        lab = NetnsLab.create("rec");
        lab.addExtAddress(PRIVATE);
    }

    @AfterEach
    void cleanUp() {
        agents.forEach(ImageAgent::close);
        if (lab != null) {
            lab.close();
        }
    }

    ImageAgent agent(String mode, Map<String, String> env, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--backend=" + (mode.equals("nftables") ? mode : "iptables-" + mode), "--config-dir", map.dir().toString(),
                "--lock-file", tmp.resolve("agent.lock").toString(), "--resync-interval=1s", "--v=4"));
        args.addAll(List.of(extra));
        ImageAgent a = ImageAgent.launch(tmp).inNamespace(lab.nodeNs()).env(env).start(args);
        agents.add(a);
        return a;
    }

    ImageAgent agent(String mode, String... extra) throws Exception {
        return agent(mode, Map.of(), extra);
    }

    String save(String mode) {
        return lab.commands(lab.nodeNs()).check("iptables-" + mode + "-save", "-t", "nat");
    }

    /** Our chain's rules and the POSTROUTING jump, as iptables-save prints them. */
    List<String> ours(String mode) {
        return save(mode).lines().filter(l -> l.contains("IP-MASQ-AGENT")).toList();
    }

    boolean masqueraded(String destination) {
        String seen = IpAddress.parse(lab.connectFromPod(destination, 8080).address()).toString();
        if (seen.equals(NetnsLab.NODE_EXT_V4)) {
            return true;
        }
        assertEquals(NetnsLab.POD_V4, seen, "ext saw neither the node nor the pod");
        return false;
    }

    void awaitMasqueraded(String destination, boolean want, String what) {
        NetnsLab.waitFor(DEADLINE, what, () -> masqueraded(destination) == want);
    }

    void awaitRules(String mode, String what, java.util.function.Predicate<List<String>> ok) {
        NetnsLab.waitFor(DEADLINE, what + "; iptables-save shows:\n" + save(mode), () -> ok.test(ours(mode)));
    }

    static boolean exempts(List<String> rules, String cidr) {
        return rules.stream().anyMatch(r -> r.contains("-d " + cidr + " ") && r.endsWith("-j RETURN"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"legacy", "nft"})
    void aKubeletSwapChangesWhatPacketsSee(String mode) throws Exception {
        map = KubeletConfigMap.create(tmp.resolve("config"), Map.of("ip-masq-agent", EXEMPT));
        ImageAgent a = agent(mode, "--resync-interval=1h");
        a.awaitLog("rules synced");
        assertFalse(masqueraded(PRIVATE), "10.0.0.0/8 exempt");
        assertTrue(masqueraded(NetnsLab.EXT_V4));
        map.update(Map.of("ip-masq-agent", config("192.168.0.0/16").replace("1s", "1h")));
        a.awaitLog("rules synced", 2, DEADLINE);
        assertTrue(masqueraded(PRIVATE), "after the swap only 192.168.0.0/16 is exempt");
        List<String> rules = ours(mode);
        assertTrue(exempts(rules, "192.168.0.0/16") && !exempts(rules, "10.0.0.0/8"), rules.toString());
        assertEquals(1, a.count("sync started (CONFIG_CHANGED)"), "one reload for one swap, by the watcher:\n" + a.log());
        assertTrue(a.alive());
    }

    @ParameterizedTest
    @ValueSource(strings = {"legacy", "nft"})
    void driftIsHealedAtTheNextPeriodicResync(String mode) throws Exception {
        map = KubeletConfigMap.create(tmp.resolve("config"), Map.of("ip-masq-agent", EXEMPT));
        ImageAgent a = agent(mode);
        a.awaitLog("rules synced");
        List<String> good = ours(mode);
        String tool = "iptables-" + mode;

        lab.commands(lab.nodeNs()).check(tool, "-w", "5", "-t", "nat", "-F", "IP-MASQ-AGENT");
        awaitRules(mode, "the flushed chain refilled", good::equals);
        a.awaitLog("rules repaired (changed by someone else)", 1, DEADLINE);

        lab.commands(lab.nodeNs()).check(tool, "-w", "5", "-t", "nat", "-F", "POSTROUTING");
        awaitRules(mode, "the removed jump restored", good::equals);
        a.awaitLog("rules repaired (changed by someone else)", 2, DEADLINE);
        assertFalse(masqueraded(PRIVATE));
        assertTrue(masqueraded(NetnsLab.EXT_V4));

        if (mode.equals("nft")) {
            lab.commands(lab.nodeNs()).check("nft", "delete", "table", "ip", "nat");
            awaitRules(mode, "the deleted nat table rebuilt", good::equals);
            assertTrue(masqueraded(NetnsLab.EXT_V4));
        }
    }

    @Test
    void nftablesSwapAppliesAtOnceAndADeletedTableIsRebuiltAtOnceThroughTheBackendsWatch() throws Exception {
        KernelTests.assumeKernel("nft");
        map = KubeletConfigMap.create(tmp.resolve("config"), Map.of("ip-masq-agent", EXEMPT.replace("1s", "1h")));
        ImageAgent a = agent("nftables", "--resync-interval=1h");
        a.awaitLog("rules synced");
        assertFalse(masqueraded(PRIVATE));
        map.update(Map.of("ip-masq-agent", MASQ.replace("1s", "1h")));
        awaitMasqueraded(PRIVATE, true, "the swapped config");
        assertEquals(1, a.count("sync started (CONFIG_CHANGED)"), a.log());
        // With an hour between resyncs, only the backend's netlink watch can explain a quick repair.
        lab.commands(lab.nodeNs()).check("nft", "delete", "table", "inet", "ip-masq-agent");
        a.awaitLog("sync started (EXTERNAL_CHANGE)");
        a.awaitLog("rules repaired (changed by someone else)");
        assertTrue(lab.commands(lab.nodeNs()).check("nft", "list", "table", "inet", "ip-masq-agent").contains("192.168.0.0/16"));
        assertTrue(masqueraded(PRIVATE));
        assertEquals(0, a.sigterm(DEADLINE), a.log());
        assertTrue(lab.commands(lab.nodeNs()).check("nft", "list", "tables").contains("ip-masq-agent"), "rules stay after SIGTERM");
    }

    @Test
    void aNewAgentWithAnotherBackendRemovesTheOldBackendsRulesAfterItsFirstSync() throws Exception {
        KernelTests.assumeKernel("nft");
        map = KubeletConfigMap.create(tmp.resolve("config"), Map.of("ip-masq-agent", EXEMPT));
        ImageAgent first = agent("legacy");
        first.awaitLog("rules synced");
        assertEquals(0, first.sigterm(DEADLINE));
        assertFalse(ours("legacy").isEmpty(), "rules stay after SIGTERM");
        ImageAgent second = agent("nftables");
        second.awaitLog("removed rules left by backend iptables-legacy: IPv4: 1 jump(s) removed, chain IP-MASQ-AGENT removed");
        assertEquals(List.of(), ours("legacy"));
        assertTrue(lab.commands(lab.nodeNs()).check("nft", "list", "tables").contains("ip-masq-agent"));
        assertFalse(masqueraded(PRIVATE));
        assertTrue(masqueraded(NetnsLab.EXT_V4));
    }

    @Test
    void anInvalidConfigKeepsTheLastGoodRulesAndIsLoggedOnce() throws Exception {
        map = KubeletConfigMap.create(tmp.resolve("config"), Map.of("ip-masq-agent", MASQ));
        ImageAgent a = agent("legacy");
        a.awaitLog("rules synced");
        List<String> good = ours("legacy");
        map.update(Map.of("ip-masq-agent", config("10.0.0.1/8")));
        a.awaitLog("config error: ip-masq-agent: nonMasqueradeCIDRs[0]: \"10.0.0.1/8\"");
        a.awaitLog("configuration invalid: keeping the last good policy");
        // Several periodic resyncs (1 s) later: still the old rules, and the problem said once.
        long steady = a.count("rules in sync");
        a.awaitLog("rules in sync", steady + 3, DEADLINE);
        assertEquals(good, ours("legacy"));
        assertTrue(masqueraded(PRIVATE));
        assertEquals(1, a.count("ERROR SyncLoop: config error:"), a.log());
        map.update(Map.of("ip-masq-agent", EXEMPT));
        awaitMasqueraded(PRIVATE, false, "the fixed config applied");
    }

    @Test
    void aRemovedConfigDirectoryMeansDefaultsAndItsReturnIsApplied() throws Exception {
        map = KubeletConfigMap.create(tmp.resolve("config"), Map.of("ip-masq-agent", MASQ));
        ImageAgent a = agent("legacy");
        a.awaitLog("rules synced");
        assertTrue(masqueraded(PRIVATE));
        map.remove();
        awaitMasqueraded(PRIVATE, false, "the defaults (10.0.0.0/8 exempt)");
        a.awaitLog("no config files (directory missing or empty): using the default configuration");
        assertTrue(exempts(ours("legacy"), "172.16.0.0/12"));
        KubeletConfigMap.create(map.dir(), Map.of("ip-masq-agent", MASQ));
        awaitMasqueraded(PRIVATE, true, "the restored config");
        a.awaitLog("config files found again: ip-masq-agent");
        assertEquals(1, a.count("using the default configuration"), "said once");
    }

    @Test
    void aMissingIptablesFailsEverySyncTheAgentStaysUpAndTurnsUnhealthy() throws Exception {
        map = KubeletConfigMap.create(tmp.resolve("config"), Map.of("ip-masq-agent", EXEMPT));
        // /usr/bin and /bin hold sh, dirname and readlink for the launcher, but no iptables (in /usr/sbin).
        ImageAgent a = agent("legacy", Map.of("PATH", "/usr/bin:/bin"), "--max-sync-failures=3");
        a.awaitLog("3 consecutive sync failures: reporting unhealthy until a sync succeeds");
        assertTrue(a.alive());
        assertEquals(1, a.count("ERROR SyncLoop: Error syncing masquerade rules (UNAVAILABLE)"), "said once:\n" + a.log());
        assertTrue(a.count("Error syncing masquerade rules (UNAVAILABLE)") >= 3);
        assertEquals(List.of(), ours("legacy"), "nothing applied");
    }

    @Test
    void aHeldXtablesLockFailsTheSyncUntilReleasedThenTheRulesAppear() throws Exception {
        KernelTests.assumeKernel("flock");
        // --no-fork: the holder's PID is the one holding the lock, so killing it releases the lock.
        String strings = lab.commands(lab.nodeNs()).check("sh", "-c", "grep -c XTABLES_LOCKFILE $(readlink -f $(command -v xtables-legacy-multi)) || true");
        org.junit.jupiter.api.Assumptions.assumeTrue(!strings.trim().equals("0"), "iptables does not honour XTABLES_LOCKFILE");
        // A private lock file for the holder and the agent: the host's /run/xtables.lock is never touched.
        Path xtablesLock = tmp.resolve("xtables.lock");
        Files.createFile(xtablesLock);
        Process holder = new ProcessBuilder("flock", "--exclusive", "--no-fork", xtablesLock.toString(), "sleep", "600").start();
        try {
            map = KubeletConfigMap.create(tmp.resolve("config"), Map.of("ip-masq-agent", EXEMPT));
            ImageAgent a = agent("legacy", Map.of("XTABLES_LOCKFILE", xtablesLock.toString()), "--backend-option",
                    "xtables-wait=1");
            a.awaitLog("Error syncing masquerade rules (LOCKED)");
            assertEquals(List.of(), ours("legacy"), "nothing applied while the lock is held");
            assertTrue(a.alive());
            holder.destroy();
            holder.waitFor();
            a.awaitLog("sync succeeded again after");
            assertFalse(masqueraded(PRIVATE));
            assertTrue(exempts(ours("legacy"), "10.0.0.0/8"));
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void sigtermDuringALargeApplyExitsZeroAndLeavesOldOrNewRulesNeverPartial() throws Exception {
        map = KubeletConfigMap.create(tmp.resolve("config"), Map.of("ip-masq-agent", EXEMPT));
        ImageAgent a = agent("legacy", "--resync-interval=1h");
        a.awaitLog("rules synced");
        int before = ours("legacy").size();
        StringBuilder big = new StringBuilder("cidrLimit: 20000\nresyncInterval: 1h\nnonMasqueradeCIDRs:\n");
        for (int i = 0; i < 3_000; i++) {
            big.append("  - 100.").append(64 + i / 65536 % 64).append('.').append(i / 256 % 256).append('.').append(i % 256).append("/32\n");
        }
        map.update(Map.of("ip-masq-agent", big.toString()));
        a.awaitLog("sync started (CONFIG_CHANGED)");
        assertEquals(0, a.sigterm(DEADLINE), a.log());
        int after = ours("legacy").size();
        // Lines naming the chain: its declaration, the jump, then 10/8 + link-local + MASQUERADE (old) or 3 000 + 2 (new).
        assertEquals(5, before);
        assertTrue(after == before || after == 3_004, "rules " + before + " -> " + after + " (partial?)\n" + a.log());
        assertTrue(a.log().contains("shutting down: finishing the current sync; rules stay in place"), a.log());
        assertTrue(a.log().contains("sync loop stopped; rules stay in place"), a.log());
    }

    @Test
    void cleanupOnExitRemovesTheRules() throws Exception {
        map = KubeletConfigMap.create(tmp.resolve("config"), Map.of("ip-masq-agent", EXEMPT));
        ImageAgent a = agent("nft", "--cleanup-on-exit");
        a.awaitLog("rules synced");
        assertFalse(ours("nft").isEmpty());
        assertEquals(0, a.sigterm(DEADLINE), a.log());
        assertEquals(List.of(), ours("nft"));
        assertFalse(masqueraded(NetnsLab.EXT_V4), "no rules: nothing is masqueraded");
    }

    @Test
    void aSecondAgentWaitsForTheLockAndTakesOverWhenTheFirstStops() throws Exception {
        map = KubeletConfigMap.create(tmp.resolve("config"), Map.of("ip-masq-agent", EXEMPT));
        ImageAgent first = agent("legacy");
        first.awaitLog("rules synced");
        ImageAgent second = agent("legacy");
        second.awaitLog("another agent holds the lock file");
        assertEquals(0, second.count("sync started"));
        assertEquals(0, first.sigterm(DEADLINE));
        second.awaitLog("acquired: the other agent has gone; starting");
        second.awaitLog("sync started (START)");
        second.awaitLog("rules in sync");
        assertEquals(0, second.count("rules synced"), "the rules the first left were complete:\n" + second.log());
        assertFalse(masqueraded(PRIVATE));
    }
}
