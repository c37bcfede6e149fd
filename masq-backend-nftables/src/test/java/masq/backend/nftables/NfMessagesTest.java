package masq.backend.nftables;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The netlink bytes, written out by hand from linux/netfilter/nf_tables.h and nfnetlink.h (x86-64: headers
 * little-endian, attribute values big-endian); NftablesIncrementalKernelTest shows the kernel takes them.
 */
class NfMessagesTest {

    private static final HexFormat HEX = HexFormat.of();

    private static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    private static String clean(String spaced) {
        return spaced.replaceAll("\\s+|//[^\\n]*", "");
    }

    @Test
    void getGenerationIsOneBareRequest() {
        org.junit.jupiter.api.Assumptions.assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN);
        assertEquals(clean("""
                14000000 100a 0100 07000000 00000000   // len 20, NFT_MSG_GETGEN (10<<8|16), NLM_F_REQUEST, seq 7, port 0
                00 00 0000                             // AF_UNSPEC, NFNETLINK_V0, res_id 0
                """), hex(NfMessages.getGeneration(7)));
    }

    @Test
    void elementBatchDeletesThenAddsStartAndEndKeysGuardedByTheGeneration() {
        org.junit.jupiter.api.Assumptions.assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN);
        Transaction tx = new Transaction()
                .delete(new NftObject.Element(NftRenderer.TABLE, "nonmasq-ipv6", List.of("fd00::/8")))
                .add(new NftObject.Element(NftRenderer.TABLE, "nonmasq-ipv4", List.of("10.0.0.0/8")));
        assertEquals(clean("""
                1c000000 1000 0100 64000000 00000000   // len 28, NFNL_MSG_BATCH_BEGIN, NLM_F_REQUEST, seq 100
                00 00 000a                             // AF_UNSPEC, v0, res_id NFNL_SUBSYS_NFTABLES (big-endian)
                0800 0100 00000007                     // NFNL_BATCH_GENID = 7
                80000000 0e0a 0100 65000000 00000000   // len 128, NFT_MSG_DELSETELEM, NLM_F_REQUEST, seq 101
                01 00 0000                             // NFPROTO_INET
                1200 0100 69702d6d6173712d6167656e7400 0000   // NFTA_SET_ELEM_LIST_TABLE "ip-masq-agent\\0", pad
                1100 0200 6e6f6e6d6173712d6970763600 000000   // NFTA_SET_ELEM_LIST_SET "nonmasq-ipv6\\0", pad
                4400 0380                              // NFTA_SET_ELEM_LIST_ELEMENTS (nested), 68 bytes
                  1c00 0180                            // element: its first address
                    1800 0180 1400 0100 fd000000000000000000000000000000  // NFTA_SET_ELEM_KEY { NFTA_DATA_VALUE fd00:: }
                  2400 0180                            // element: the first address after it, flagged as an end
                    0800 0300 00000001                 // NFTA_SET_ELEM_FLAGS NFT_SET_ELEM_INTERVAL_END
                    1800 0180 1400 0100 fe000000000000000000000000000000  // key fe00::
                68000000 0c0a 0104 66000000 00000000   // len 104, NFT_MSG_NEWSETELEM, REQUEST|CREATE, seq 102
                01 00 0000
                1200 0100 69702d6d6173712d6167656e7400 0000
                1100 0200 6e6f6e6d6173712d6970763400 000000   // "nonmasq-ipv4\\0"
                2c00 0380
                  1000 0180 0c00 0180 0800 0100 0a000000              // key 10.0.0.0
                  1800 0180 0800 0300 00000001 0c00 0180 0800 0100 0b000000  // end, key 11.0.0.0
                14000000 1100 0100 67000000 00000000   // len 20, NFNL_MSG_BATCH_END, seq 103
                00 00 000a
                """), hex(NfMessages.elementBatch(tx, 7, 100)));
        assertEquals(4, NfMessages.messages(tx));
    }

    /** A CIDR reaching the top of the address space has no end; nft marks it as an open interval instead. */
    @Test
    void aRangeEndingAtTheTopIsAnOpenIntervalWithoutEndKey() {
        org.junit.jupiter.api.Assumptions.assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN);
        Transaction tx = new Transaction().add(new NftObject.Element(NftRenderer.TABLE, "masq-ipv4",
                List.of("255.255.255.0/24")));
        String batch = hex(NfMessages.elementBatch(tx, 9, 1));
        assertEquals(clean("""
                2000 0380                                      // elements, 32 bytes: one element, no end
                  1c00 0180 0c00 0180 0800 0100 ffffff00       // key 255.255.255.0
                            0a00 0600 010401000000 0000        // NFTA_SET_ELEM_USERDATA: flags, open interval
                14000000 1100                                  // then the batch end
                """), batch.substring(batch.indexOf(clean("2000 0380")), batch.indexOf(clean("14000000 1100")) + 12));
    }

    @Test
    void endKeysCarryIntoTheNextWordAndStopAtTheTop() {
        assertEquals("0b000000", endKey("10.0.0.0/8"));
        assertEquals("00000001", endKey("0.0.0.0/32"));
        assertEquals("", endKey("0.0.0.0/0"));
        assertEquals("", endKey("255.255.255.255/32"));
        assertEquals("20010db8000000010000000000000000", endKey("2001:db8::/64"), "carry from the low word");
        assertEquals("00000000000000000000000000000001", endKey("::/128"));
        assertEquals("00000000000000010000000000000000", endKey("::/64"));
        assertEquals("", endKey("::/0"));
        assertEquals("", endKey("ffff::/16"));
        assertEquals("", endKey("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128"));
        assertEquals("fffffffffffffffe0000000000000000", endKey("ffff:ffff:ffff:fffd:ffff:ffff:ffff:ffff/128"));
    }

    /** The key of the element flagged INTERVAL_END in the batch adding {@code cidr}, or "" when there is none. */
    private static String endKey(String cidr) {
        Transaction tx = new Transaction().add(new NftObject.Element(NftRenderer.TABLE,
                cidr.contains(":") ? "masq-ipv6" : "masq-ipv4", List.of(cidr)));
        ByteBuffer b = ByteBuffer.wrap(NfMessages.elementBatch(tx, 1, 1)).order(ByteOrder.nativeOrder());
        String hex = hex(b.array());
        String flagged = clean("0800 0300 00000001");
        int at = hex.indexOf(flagged);
        if (at < 0) {
            return "";
        }
        int value = at + flagged.length() + clean("0c00 0180 0800 0100").length();
        return hex.substring(value, value + (cidr.contains(":") ? 32 : 8));
    }

    @Test
    void repliesAreSplitIntoMessagesAndTheGenerationIsRead() {
        org.junit.jupiter.api.Assumptions.assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN);
        byte[] reply = HEX.parseHex(clean("""
                24000000 0200 0001 65000000 00000000 feffffff 80000000 0e0a 0100 65000000 00000000  // ENOENT for seq 101
                24000000 0f0a 0000 66000000 00000000 00 00 0000 0800 0100 0000002a 0800 0200 00000001  // NEWGEN 42, pid 1
                """));
        ByteBuffer b = ByteBuffer.wrap(reply);
        List<NfMessages.Message> ms = NfMessages.messages(b);
        assertEquals(2, ms.size());
        assertEquals(NfMessages.NLMSG_ERROR, ms.get(0).type());
        assertEquals(101, ms.get(0).seq());
        assertEquals(-2, NfMessages.error(b, ms.get(0)));
        assertEquals(NfMessages.NEWGEN, ms.get(1).type());
        assertEquals(42, NfMessages.generation(b, ms.get(1)));
    }
}
