package masq.app.foreign;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import masq.api.Cidr;
import masq.api.IpFamily;
import masq.api.MasqPolicy;
import masq.api.spi.SyncResult;
import masq.app.MovableClock;
import masq.app.logging.CapturedLogs;
import masq.app.sync.SyncOutcome;
import org.junit.jupiter.api.Test;

/** The watch over a node whose nat rules change between syncs (a stateful fake reader). */
class ForeignWatchTest {
    private final MovableClock clock = new MovableClock();
    static final MasqPolicy POLICY = new MasqPolicy(Set.of(IpFamily.IPV4), List.of(Cidr.parse("10.0.0.0/8")), List.of(),
            false, false, List.of(), true, MasqPolicy.DEFAULT_CHAIN);
    static final String DOCKER = "*nat\n:POSTROUTING ACCEPT [0:0]\n-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE\nCOMMIT\n";
    static final String KUBE_PROXY = "*nat\n:POSTROUTING ACCEPT [0:0]\n:KUBE-POSTROUTING - [0:0]\n"
            + "-A POSTROUTING -j KUBE-POSTROUTING\n-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN\n"
            + "-A KUBE-POSTROUTING -j MASQUERADE\nCOMMIT\n";

    /** The node: what iptables-nft-save prints now, or the error reading fails with. */
    static final class Node implements NatReader {
        String nat = "";
        IOException failure;
        int reads;

        @Override
        public Optional<String> iptablesNat(String ruleset, IpFamily family) throws IOException {
            reads += ruleset.equals("iptables-nft") && family == IpFamily.IPV4 ? 1 : 0;
            if (failure != null) {
                throw failure;
            }
            return ruleset.equals("iptables-nft") ? Optional.of(nat) : Optional.empty();
        }

        @Override
        public Optional<String> nftRuleset() {
            return Optional.empty();
        }
    }

    @Test
    void warnsOncePerDistinctSetCountsByKindAndSaysWhenItIsGone() {
        Node node = new Node();
        List<Map<String, Long>> published = new ArrayList<>();
        ForeignWatch watch = new ForeignWatch(node, Optional.of("iptables-nft"), published::add, clock);
        try (CapturedLogs logs = new CapturedLogs(ForeignWatch.class.getName())) {
            synced(watch);
            node.nat = DOCKER;
            synced(watch);
            synced(watch);
            assertEquals(1, logs.count(Level.WARN, "foreign masquerade rule: destinations in 10.0.0.0/8, 169.254.0.0/16"
                    + " that you exempt are still masqueraded by iptables-nft nat/POSTROUTING rule 1: -A POSTROUTING -s"
                    + " 172.17.0.0/16 ! -o docker0 -j MASQUERADE (Docker)"), "warned once while unchanged");
            assertEquals(1L, published.getLast().get("docker"));
            assertEquals(0L, published.getLast().get("cni"));
            assertEquals(ForeignKind.values().length, published.getLast().size(), "every kind, zeros included");

            node.nat = KUBE_PROXY;
            synced(watch);
            assertEquals(1, logs.count(Level.INFO, "foreign masquerade rule: iptables-nft nat/POSTROUTING rule 1 ->"
                    + " KUBE-POSTROUTING: -A KUBE-POSTROUTING -j MASQUERADE (kube-proxy, service traffic only)"
                    + " masquerades none of the destinations you exempt; not a conflict"));
            assertEquals(1, logs.count(Level.INFO, "no foreign masquerade rule masquerades a destination we exempt any more"));
            assertEquals(0L, published.getLast().get("docker"));
            assertEquals(0L, published.getLast().get("kube_proxy"), "kube-proxy's rule is not a conflict");

            node.nat = DOCKER;
            synced(watch);
            assertEquals(2, logs.count(Level.WARN, "foreign masquerade rule: destinations in"), "warned again after a change");
        }
    }

    @Test
    void aReadFailureIsWarnedOnceAndOnlyInForceOutcomesRead() {
        Node node = new Node();
        node.failure = new IOException("nft: Operation not permitted");
        List<Map<String, Long>> published = new ArrayList<>();
        ForeignWatch watch = new ForeignWatch(node, Optional.of("iptables-nft"), published::add, clock);
        try (CapturedLogs logs = new CapturedLogs(ForeignWatch.class.getName())) {
            synced(watch);
            synced(watch);
            watch.on(new SyncOutcome.NoValidConfig(List.of()));
            assertEquals(1, logs.count(Level.WARN, "cannot read the node's nat rules to look for other masquerade rules:"
                    + " java.io.IOException: nft: Operation not permitted"));
            assertEquals(List.of(), published, "nothing published without a reading");
        }
    }

    /** A resync past the watch's interval: it reads again. */
    private void synced(ForeignWatch watch) {
        clock.now = clock.now.plus(ForeignWatch.EVERY);
        watch.on(new SyncOutcome.Synced(POLICY, SyncResult.unchanged(), false, Duration.ZERO));
    }

    @Test
    void readsAtTheFirstSyncOnAChangeOrDriftAndOtherwiseAtMostOncePerInterval() {
        Node node = new Node();
        List<Map<String, Long>> published = new ArrayList<>();
        ForeignWatch watch = new ForeignWatch(node, Optional.of("iptables-nft"), published::add, clock);
        watch.on(new SyncOutcome.Synced(POLICY, SyncResult.unchanged(), false, Duration.ZERO));
        assertEquals(1, node.reads, "the first sync in force reads");
        clock.now = clock.now.plus(ForeignWatch.EVERY.minusSeconds(1));
        watch.on(new SyncOutcome.Synced(POLICY, SyncResult.unchanged(), false, Duration.ZERO));
        assertEquals(1, node.reads, "a resync of the same policy within the interval does not read");
        watch.on(new SyncOutcome.Synced(POLICY, new SyncResult(true, "repaired"), true, Duration.ZERO));
        assertEquals(2, node.reads, "drift: someone rewrote nat rules, read again");
        MasqPolicy other = new MasqPolicy(Set.of(IpFamily.IPV4), List.of(Cidr.parse("10.0.0.0/16")), List.of(),
                false, false, List.of(), true, MasqPolicy.DEFAULT_CHAIN);
        watch.on(new SyncOutcome.Synced(other, new SyncResult(true, "changed"), false, Duration.ZERO));
        assertEquals(3, node.reads, "a new policy reads");
        clock.now = clock.now.plus(ForeignWatch.EVERY);
        watch.on(new SyncOutcome.Synced(other, SyncResult.unchanged(), false, Duration.ZERO));
        assertEquals(4, node.reads, "the interval passed: read again");
    }
}
