package masq.backend.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import masq.api.Cidr;
import masq.api.IpFamily;
import masq.api.MasqPolicy;
import masq.api.PortRange;
import masq.api.spi.BackendContext;
import masq.api.spi.BackendException;
import masq.api.spi.CommandRunner;
import masq.api.spi.FirewallBackend;
import masq.api.spi.SyncResult;

/**
 * Each case: seed the fake kernel with {@code initial-<family>.txt} (if present), sync, and compare the
 * payload sent ({@code restore-<family>.txt}) and the resulting table ({@code after-<family>.txt}) with
 * the golden files. A second sync must then write nothing.
 */
class GoldenSyncTest {
    static final String NFT = "iptables-nft";
    static final String NFT6 = "ip6tables-nft";

    static MasqPolicy policy(Set<IpFamily> families, List<String> nonMasq, List<String> masq, boolean masqLinkLocal,
                             String toPorts, boolean randomFully, String chain) {
        return new MasqPolicy(families, nonMasq.stream().map(Cidr::parse).toList(), masq.stream().map(Cidr::parse).toList(),
                masqLinkLocal, false, PortRange.parseList(toPorts), randomFully, chain);
    }

    static MasqPolicy v4(List<String> nonMasq) {
        return policy(Set.of(IpFamily.IPV4), nonMasq, List.of(), false, "", true, "IP-MASQ-AGENT");
    }

    static FirewallBackend backend(FakeIptables fake) throws Exception {
        return new IptablesNftProvider().create(new BackendContext(fake, Map.of()));
    }

    /** Runs one case and returns the fake for further checks. */
    static FakeIptables run(String name, MasqPolicy policy, FakeIptables fake) throws Exception {
        for (IpFamily f : IpFamily.values()) {
            String prefix = f == IpFamily.IPV4 ? NFT : NFT6;
            Golden.read(name, "initial-" + tag(f) + ".txt").ifPresent(text -> fake.load(prefix, text));
        }
        FirewallBackend backend = backend(fake);
        long before = fake.restoreCalls();
        SyncResult first = backend.sync(policy);
        int callsAfterFirst = fake.calls().size();
        for (IpFamily f : IpFamily.values()) {
            if (!policy.enabled(f)) {
                continue;
            }
            String prefix = f == IpFamily.IPV4 ? NFT : NFT6;
            String sent = fake.calls().stream().skip(0).filter(c -> c.argv().getFirst().equals(prefix + "-restore"))
                    .reduce((a, b) -> b).map(FakeIptables.Call::stdin).orElse("");
            Golden.check(name, "restore-" + tag(f) + ".txt", sent);
            Golden.check(name, "after-" + tag(f) + ".txt", fake.dump(prefix, "nat"));
        }
        assertTrue(first.changed(), first.summary());
        long afterFirst = fake.restoreCalls();
        assertTrue(afterFirst > before);
        SyncResult second = backend.sync(policy);
        assertFalse(second.changed(), second.summary());
        assertEquals(afterFirst, fake.restoreCalls(), "second sync must not write");
        // nft, same instance: only per-chain listings (-S), no full save.
        assertTrue(fake.calls().subList(callsAfterFirst, fake.calls().size()).stream()
                .allMatch(c -> c.argv().contains("-S")), fake.calls().toString());
        SyncResult fresh = backend(fake).sync(policy);
        assertFalse(fresh.changed(), fresh.summary());
        assertEquals(afterFirst, fake.restoreCalls(), "a new instance's first sync must not write either");
        return fake;
    }

    static String tag(IpFamily f) {
        return f == IpFamily.IPV4 ? "ipv4" : "ipv6";
    }

    @Test
    void defaults() throws Exception {
        run("defaults", MasqPolicy.defaults(), new FakeIptables());
    }

    @Test
    void customCidrs() throws Exception {
        run("custom-cidrs", v4(List.of("100.64.0.0/10", "10.240.0.0/16", "192.0.2.0/24", "198.51.100.7/32")), new FakeIptables());
    }

    @Test
    void masqLinkLocal() throws Exception {
        run("masq-link-local", policy(Set.of(IpFamily.IPV4), List.of("10.0.0.0/8"), List.of(), true, "", true, "IP-MASQ-AGENT"),
                new FakeIptables());
    }

    @Test
    void ipv6() throws Exception {
        run("ipv6", policy(Set.of(IpFamily.IPV4, IpFamily.IPV6), List.of("10.0.0.0/8", "fd00::/8", "2001:db8:0:1::/64"),
                List.of(), false, "", true, "IP-MASQ-AGENT"), new FakeIptables());
    }

    @Test
    void masqueradeCidrs() throws Exception {
        run("masquerade-cidrs", policy(Set.of(IpFamily.IPV4, IpFamily.IPV6), List.of("10.0.0.0/8", "fd00::/8"),
                List.of("10.1.0.0/16", "fd00:1::/64"), false, "", true, "IP-MASQ-AGENT"), new FakeIptables());
    }

    @Test
    void masqueradeCidrsWithToPorts() throws Exception {
        run("masquerade-cidrs-to-ports", policy(Set.of(IpFamily.IPV4), List.of("10.0.0.0/8"),
                List.of("10.1.0.0/16"), false, "1024-29999,32768-65535", true, "IP-MASQ-AGENT"), new FakeIptables());
    }

    @Test
    void toPortsTwoRanges() throws Exception {
        run("to-ports", policy(Set.of(IpFamily.IPV4, IpFamily.IPV6), List.of("10.0.0.0/8"), List.of(), false,
                "1024-29999,32768-65535", true, "IP-MASQ-AGENT"), new FakeIptables());
    }

    @Test
    void toPortsThreeRanges() throws Exception {
        run("to-ports-three", policy(Set.of(IpFamily.IPV4), List.of("10.0.0.0/8"), List.of(), false,
                "1000-1999,5000,20000-29999", true, "IP-MASQ-AGENT"), new FakeIptables());
    }

    @Test
    void randomFullyOff() throws Exception {
        run("random-fully-off", policy(Set.of(IpFamily.IPV4), List.of("10.0.0.0/8"), List.of(), false,
                "", false, "IP-MASQ-AGENT"), new FakeIptables());
    }

    @Test
    void oldBinaryWithoutRandomFully() throws Exception {
        run("old-binary", MasqPolicy.defaults(), new FakeIptables().withVersion("1.6.1"));
    }

    @Test
    void chainRenameLeftoverRemoved() throws Exception {
        run("chain-rename", policy(Set.of(IpFamily.IPV4), List.of("10.0.0.0/8"), List.of(), false, "", true, "IP-MASQ"),
                new FakeIptables());
    }

    @Test
    void oldQuotedJumpTakenOver() throws Exception {
        run("quoted-jump-takeover", MasqPolicy.defaults(), new FakeIptables());
    }

    @Test
    void duplicateJumpsCollapsed() throws Exception {
        run("duplicate-jumps", MasqPolicy.defaults(), new FakeIptables());
    }

    @Test
    void driftHealed() throws Exception {
        run("drift", MasqPolicy.defaults(), new FakeIptables());
    }

    @Test
    void editedChainRewritten() throws Exception {
        run("drift-chain-edited", v4(List.of("10.0.0.0/8")), new FakeIptables());
    }

    /** Cleanup removes our jumps (any release) and chains, keeps the rest, and a second cleanup writes nothing. */
    @Test
    void cleanup() throws Exception {
        FakeIptables fake = new FakeIptables();
        fake.load(NFT, Golden.read("cleanup", "initial-ipv4.txt").orElseThrow());
        fake.load(NFT6, Golden.read("cleanup", "initial-ipv6.txt").orElseThrow());
        FirewallBackend backend = backend(fake);
        backend.cleanup();
        for (IpFamily f : IpFamily.values()) {
            String prefix = f == IpFamily.IPV4 ? NFT : NFT6;
            String sent = fake.calls().stream().filter(c -> c.argv().getFirst().equals(prefix + "-restore"))
                    .reduce((a, b) -> b).map(FakeIptables.Call::stdin).orElse("");
            Golden.check("cleanup", "restore-" + tag(f) + ".txt", sent);
            Golden.check("cleanup", "after-" + tag(f) + ".txt", fake.dump(prefix, "nat"));
        }
        long writes = fake.restoreCalls();
        backend(fake).cleanup();
        assertEquals(writes, fake.restoreCalls());
    }

    /** What sync wrote for a fresh table is exactly what render shows, for every family. */
    @Test
    void renderIsTheFirstSyncPayload() throws Exception {
        MasqPolicy p = policy(Set.of(IpFamily.IPV4, IpFamily.IPV6), List.of("10.0.0.0/8", "fd00::/8"), List.of("10.1.0.0/16"),
                false, "1024-29999,32768-65535", true, "IP-MASQ-AGENT");
        FakeIptables fake = new FakeIptables();
        FirewallBackend backend = backend(fake);
        var rendering = backend.render(p);
        assertEquals(0, fake.restoreCalls(), "render runs nothing");
        backend.sync(p);
        List<String> sent = fake.calls().stream().filter(c -> c.argv().getFirst().endsWith("-restore"))
                .map(FakeIptables.Call::stdin).toList();
        assertEquals(sent, rendering.payloads().stream().map(x -> x.text()).toList());
        assertEquals(List.of("iptables-nft-restore -w 5 --noflush (IPv4)", "ip6tables-nft-restore -w 5 --noflush (IPv6)"),
                rendering.payloads().stream().map(x -> x.target()).toList());
    }

    /**
     * nft, after the first sync: a flushed chain is healed from the two chain listings alone; a deleted
     * chain makes the listing fail and falls back to the full save; a stale jump naming another chain
     * (here: a renamed chain) needs the whole table too.
     */
    @Test
    void nftQuickPathHealsFromListingsAndFallsBackWhenItMust() throws Exception {
        FakeIptables fake = new FakeIptables();
        FirewallBackend backend = backend(fake);
        backend.sync(MasqPolicy.defaults());
        String synced = fake.dump(NFT, "nat");

        fake.load(NFT, "*nat\n-F IP-MASQ-AGENT\nCOMMIT\n");
        assertEquals(List.of("iptables-nft", "iptables-nft", "iptables-nft-restore"), programsOfNextSync(fake, backend, MasqPolicy.defaults()));
        assertEquals(synced, fake.dump(NFT, "nat"));

        fake.load(NFT, "*nat\n-D POSTROUTING -m comment --comment \"ip-masq-agent: ensure nat POSTROUTING directs all non-LOCAL "
                + "destination traffic to our custom IP-MASQ-AGENT chain\" -m addrtype ! --dst-type LOCAL -j IP-MASQ-AGENT\n"
                + "-F IP-MASQ-AGENT\n-X IP-MASQ-AGENT\nCOMMIT\n");
        assertEquals(List.of("iptables-nft", "iptables-nft", "iptables-nft-save", "iptables-nft-restore"),
                programsOfNextSync(fake, backend, MasqPolicy.defaults()));
        assertEquals(synced, fake.dump(NFT, "nat"));

        MasqPolicy renamed = new MasqPolicy(MasqPolicy.defaults().families(), MasqPolicy.defaults().nonMasquerade(), List.of(),
                false, false, List.of(), true, "IP-MASQ");
        assertEquals(List.of("iptables-nft", "iptables-nft", "iptables-nft-save", "iptables-nft-restore"),
                programsOfNextSync(fake, backend, renamed));
        assertFalse(fake.dump(NFT, "nat").contains("IP-MASQ-AGENT"), fake.dump(NFT, "nat"));
    }

    /**
     * nft, a policy change after a sync: POSTROUTING is listed, our chain is not (the change rewrites it whole),
     * and the table ends as a fresh agent's first sync leaves it, a foreign rule added to our chain or not.
     * Our chain is listed again when the jump is gone, when the last restore failed, and for a no-op sync.
     */
    @Test
    void nftPolicyChangeListsPostroutingOnly() throws Exception {
        MasqPolicy one = v4(List.of("10.0.0.0/8"));
        MasqPolicy two = v4(List.of("10.0.0.0/8", "100.64.0.0/10"));
        FakeIptables fake = new FakeIptables();
        FirewallBackend backend = backend(fake);
        backend.sync(one);
        assertEquals(List.of("iptables-nft", "iptables-nft-restore"), programsOfNextSync(fake, backend, two));
        assertEquals(freshTable(two), fake.dump(NFT, "nat"));

        int mark = fake.calls().size();
        assertFalse(backend.sync(two).changed());
        assertEquals(List.of(List.of("iptables-nft", "-w", "5", "-t", "nat", "-S", "POSTROUTING"),
                List.of("iptables-nft", "-w", "5", "-t", "nat", "-S", "IP-MASQ-AGENT")),
                fake.calls().subList(mark, fake.calls().size()).stream().map(FakeIptables.Call::argv).toList());

        fake.load(NFT, "*nat\n-A IP-MASQ-AGENT -d 192.0.2.0/24 -j RETURN\nCOMMIT\n");
        assertEquals(List.of("iptables-nft", "iptables-nft-restore"), programsOfNextSync(fake, backend, one));
        assertEquals(freshTable(one), fake.dump(NFT, "nat"));

        fake.failNextRestore(new CommandRunner.Result(4, "", "iptables-nft-restore: lock held\n"));
        assertThrows(BackendException.class, () -> backend.sync(two));
        assertEquals(List.of("iptables-nft", "iptables-nft", "iptables-nft-restore"), programsOfNextSync(fake, backend, two));
        assertEquals(freshTable(two), fake.dump(NFT, "nat"));

        fake.load(NFT, "*nat\n-D POSTROUTING -m comment --comment \"ip-masq-agent: ensure nat POSTROUTING directs all non-LOCAL "
                + "destination traffic to our custom IP-MASQ-AGENT chain\" -m addrtype ! --dst-type LOCAL -j IP-MASQ-AGENT\n"
                + "COMMIT\n");
        assertEquals(List.of("iptables-nft", "iptables-nft", "iptables-nft-restore"), programsOfNextSync(fake, backend, one));
        assertEquals(freshTable(one), fake.dump(NFT, "nat"));
    }

    /** The nat table a fresh agent's first sync of {@code p} leaves on an empty node. */
    private static String freshTable(MasqPolicy p) throws Exception {
        FakeIptables fresh = new FakeIptables();
        backend(fresh).sync(p);
        return fresh.dump(NFT, "nat");
    }

    static List<String> programsOfNextSync(FakeIptables fake, FirewallBackend backend, MasqPolicy p) throws Exception {
        int mark = fake.calls().size();
        assertTrue(backend.sync(p).changed());
        return fake.calls().subList(mark, fake.calls().size()).stream().map(c -> c.argv().getFirst()).toList();
    }

    /** Legacy reads the whole table blob anyway: a no-op sync is exactly one save per family. */
    @Test
    void legacyNoOpSyncIsOneSave() throws Exception {
        FakeIptables fake = new FakeIptables();
        FirewallBackend backend = new IptablesLegacyProvider(fake.legacyTables()).create(new BackendContext(fake, Map.of()));
        backend.sync(MasqPolicy.defaults());
        int mark = fake.calls().size();
        assertFalse(backend.sync(MasqPolicy.defaults()).changed());
        assertEquals(List.of(List.of("iptables-legacy-save", "-t", "nat")),
                fake.calls().subList(mark, fake.calls().size()).stream().map(FakeIptables.Call::argv).toList());
    }
}
