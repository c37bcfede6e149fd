package masq.backend.nftables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import masq.api.MasqPolicy;
import masq.api.spi.SyncResult;
import org.junit.jupiter.api.Test;

/**
 * Element transactions sent as our own netlink batches (library mode), on the real kernel in private
 * namespaces: the table they leave lists exactly like a freshly created one, including CIDRs at the edges of
 * the address space (no end element, or an end element that carries into the next word), and packets
 * follow. Skips like {@link NftablesKernelTest}.
 */
class NftablesIncrementalKernelTest {

    private static final MasqPolicy BEFORE = Policies.of(Policies.DUAL,
            Policies.cidrs("10.0.0.0/8", "192.0.2.0/24", "fd00:10::/32"), Policies.cidrs("10.9.0.0/16"),
            false, false, List.of(), true);
    /** Adds and deletes elements only; includes ranges ending at the top of each address space. */
    private static final MasqPolicy AFTER = Policies.of(Policies.DUAL,
            Policies.cidrs("0.0.0.0/8", "10.0.0.0/8", "203.0.113.0/24", "255.255.255.0/24", "198.51.100.255/32",
                    "2001:db8:0:ffff::/64", "ffff::/16", "fd00:99::/64"),
            Policies.cidrs("10.9.0.0/16", "10.200.0.0/16", "fd00:10:9::/48"), false, false, List.of(), true);

    private static String listing(KernelFixture k) {
        return k.nft("list", "table", "inet", "ip-masq-agent");
    }

    /** What a fresh table for {@code policy} lists as, in the same kernel. */
    private static String fresh(KernelFixture k, MasqPolicy policy) throws Exception {
        k.inNode(() -> k.backend.cleanup());
        assertTrue(k.sync(policy).summary().startsWith("table created"));
        return listing(k);
    }

    @Test
    void elementTransactionsLeaveTheTableAFreshOneWouldBeAndPacketsFollow() throws Exception {
        try (KernelFixture k = KernelFixture.create("library")) {
            k.lab.addExtAddress("10.200.0.2");
            k.lab.addExtAddress("10.201.0.2");
            k.lab.addExtAddress("fd00:99::2");
            k.sync(BEFORE);
            assertTrue(k.masqueraded("203.0.113.2"));
            assertTrue(k.masqueraded("fd00:99::2"));
            SyncResult change = k.sync(AFTER);
            assertEquals("9 set element(s) added, 2 deleted (element transaction)", change.summary());
            String incremental = listing(k);
            assertFalse(k.masqueraded("203.0.113.2"), "added to nonMasqueradeCIDRs");
            assertTrue(k.masqueraded("10.200.0.2"), "added to masqueradeCIDRs");
            assertFalse(k.masqueraded("10.201.0.2"));
            assertFalse(k.masqueraded("fd00:99::2"), "added IPv6 range");
            assertFalse(k.sync(AFTER).changed());
            SyncResult back = k.sync(BEFORE);
            assertEquals("2 set element(s) added, 9 deleted (element transaction)", back.summary());
            String backAgain = listing(k);
            assertTrue(k.masqueraded("203.0.113.2"));
            assertTrue(k.masqueraded("fd00:99::2"));
            assertEquals(fresh(k, AFTER), incremental);
            assertEquals(fresh(k, BEFORE), backAgain);
        }
    }

    @Test
    void anElementSomeoneAddedToOurSetIsDeletedAndNothingElseWritten() throws Exception {
        try (KernelFixture k = KernelFixture.create("library")) {
            k.sync(BEFORE);
            String good = listing(k);
            k.nft("add", "element", "inet", "ip-masq-agent", "nonmasq-ipv4", "{ 203.0.113.0/24 }");
            assertFalse(k.masqueraded("203.0.113.2"), "the foreign element exempts ext");
            SyncResult healed = k.sync(BEFORE);
            assertEquals("0 set element(s) added, 1 deleted (element transaction)", healed.summary());
            assertEquals(good, listing(k));
            assertTrue(k.masqueraded("203.0.113.2"));
        }
    }
}
