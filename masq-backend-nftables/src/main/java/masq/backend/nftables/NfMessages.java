package masq.backend.nftables;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import masq.api.Cidr;
import masq.api.IpFamily;

/**
 * Pure: the nf_tables netlink messages this backend sends itself, byte for byte (linux/netfilter/nf_tables.h,
 * nfnetlink.h), and what it reads from the replies. Only two requests: {@code NFT_MSG_GETGEN} (the ruleset
 * generation) and a batch of {@code NFT_MSG_DELSETELEM}/{@code NFT_MSG_NEWSETELEM} for element-only
 * transactions, guarded by {@code NFNL_BATCH_GENID}: the kernel refuses the whole batch ({@code ERESTART})
 * when any transaction was committed since that generation.
 *
 * <p>An interval set holds a CIDR as two kernel elements, as nft writes it: its first address, and the first
 * address after it flagged {@code NFT_SET_ELEM_INTERVAL_END}; a CIDR reaching the top of the address space
 * has no end element and carries nft's "open interval" user data instead ({@code 255.255.255.0/24}).
 */
final class NfMessages {

    static final int NFNL_SUBSYS_NFTABLES = 10;
    static final int NLMSG_ERROR = 2;
    static final int NLMSG_DONE = 3;
    static final int NEWGEN = NFNL_SUBSYS_NFTABLES << 8 | 15;
    private static final int GETGEN = NFNL_SUBSYS_NFTABLES << 8 | 16;
    private static final int NEWSETELEM = NFNL_SUBSYS_NFTABLES << 8 | 12;
    private static final int DELSETELEM = NFNL_SUBSYS_NFTABLES << 8 | 14;
    private static final int BATCH_BEGIN = 16;
    private static final int BATCH_END = 17;
    private static final int NLM_F_REQUEST = 0x1;
    private static final int NLM_F_CREATE = 0x400;
    private static final int NLA_F_NESTED = 0x8000;
    private static final int NFTA_GEN_ID = 1;
    private static final int NFNL_BATCH_GENID = 1;
    private static final int LIST_TABLE = 1;
    private static final int LIST_SET = 2;
    private static final int LIST_ELEMENTS = 3;
    private static final int LIST_ELEM = 1;
    private static final int ELEM_KEY = 1;
    private static final int ELEM_FLAGS = 3;
    private static final int ELEM_USERDATA = 6;
    private static final int DATA_VALUE = 1;
    private static final int INTERVAL_END = 1;
    /** NFTNL_UDATA_SET_ELEM_FLAGS, length 4, NFTNL_SET_ELEM_F_INTERVAL_OPEN (host order): how nft marks it. */
    private static final byte[] OPEN_INTERVAL = {1, 4, 1, 0, 0, 0};
    /** CIDRs per element message: the elements' nested attribute has a 16-bit length (at most ~1 800 IPv6 CIDRs). */
    static final int CIDRS_PER_MESSAGE = 512;

    private NfMessages() {
    }

    /** {@code NFT_MSG_GETGEN}; the reply is one {@code NFT_MSG_NEWGEN} with the same sequence number. */
    static byte[] getGeneration(int seq) {
        Writer w = new Writer();
        w.endMessage(w.begin(GETGEN, NLM_F_REQUEST, seq, 0, 0));
        return w.bytes();
    }

    /**
     * The batch for an element-only transaction: begin (with the generation it is valid for), one message per
     * verb, set and up to {@link #CIDRS_PER_MESSAGE} CIDRs, end. Sequence numbers run from {@code firstSeq}.
     *
     * @return the bytes; the last sequence number used is {@code firstSeq + messages - 1}, see {@link #messages}
     */
    static byte[] elementBatch(Transaction tx, int generation, int firstSeq) {
        Writer w = new Writer();
        int seq = firstSeq;
        int begin = w.begin(BATCH_BEGIN, NLM_F_REQUEST, seq++, 0, NFNL_SUBSYS_NFTABLES);
        w.attr(NFNL_BATCH_GENID, ByteBuffer.allocate(4).putInt(generation).array());
        w.endMessage(begin);
        for (Transaction.Op op : tx.ops()) {
            if (!(op.object() instanceof NftObject.Element e) || op.verb() == Transaction.Verb.FLUSH) {
                throw new IllegalArgumentException("not an element operation: " + op);
            }
            List<String> values = e.values();
            for (int from = 0; from < values.size(); from += CIDRS_PER_MESSAGE) {
                boolean add = op.verb() == Transaction.Verb.ADD;
                int msg = w.begin(add ? NEWSETELEM : DELSETELEM, add ? NLM_F_REQUEST | NLM_F_CREATE : NLM_F_REQUEST, seq++,
                        family(e.table().family()), 0);
                w.attr(LIST_TABLE, strz(e.table().name()));
                w.attr(LIST_SET, strz(e.set()));
                int elements = w.nest(LIST_ELEMENTS);
                for (String v : values.subList(from, Math.min(values.size(), from + CIDRS_PER_MESSAGE))) {
                    cidr(w, Cidr.parse(v));
                }
                w.endNest(elements);
                w.endMessage(msg);
            }
        }
        w.endMessage(w.begin(BATCH_END, NLM_F_REQUEST, seq, 0, NFNL_SUBSYS_NFTABLES));
        return w.bytes();
    }

    /** Number of messages {@link #elementBatch} writes for {@code tx}, begin and end included. */
    static int messages(Transaction tx) {
        int n = 2;
        for (Transaction.Op op : tx.ops()) {
            n += (((NftObject.Element) op.object()).values().size() + CIDRS_PER_MESSAGE - 1) / CIDRS_PER_MESSAGE;
        }
        return n;
    }

    /** The start element, and the end element unless the range reaches the top of the address space. */
    private static void cidr(Writer w, Cidr c) {
        byte[] start = bytes(c.family(), c.network().hi(), c.network().lo());
        int hostBits = c.family().bits() - c.prefixLength();
        long hi = c.network().hi();
        long lo = c.network().lo();
        boolean open;
        if (c.family() == IpFamily.IPV4) {
            lo += 1L << hostBits;
            open = lo >>> 32 != 0;
        } else if (hostBits >= 64) {
            hi += hostBits == 128 ? 0 : 1L << (hostBits - 64);
            open = hostBits == 128 || hi == 0;
        } else {
            long sum = lo + (1L << hostBits);
            boolean carry = Long.compareUnsigned(sum, lo) < 0;
            lo = sum;
            hi += carry ? 1 : 0;
            open = carry && hi == 0;
        }
        int elem = w.nest(LIST_ELEM);
        int key = w.nest(ELEM_KEY);
        w.attr(DATA_VALUE, start);
        w.endNest(key);
        if (open) {
            w.attr(ELEM_USERDATA, OPEN_INTERVAL);
        }
        w.endNest(elem);
        if (!open) {
            elem = w.nest(LIST_ELEM);
            w.attr(ELEM_FLAGS, ByteBuffer.allocate(4).putInt(INTERVAL_END).array());
            key = w.nest(ELEM_KEY);
            w.attr(DATA_VALUE, bytes(c.family(), hi, lo));
            w.endNest(key);
            w.endNest(elem);
        }
    }

    private static byte[] bytes(IpFamily family, long hi, long lo) {
        return family == IpFamily.IPV4 ? ByteBuffer.allocate(4).putInt((int) lo).array()
                : ByteBuffer.allocate(16).putLong(hi).putLong(lo).array();
    }

    static int family(String tableFamily) {
        return switch (tableFamily) {
            case "inet" -> 1;
            case "ip" -> 2;
            default -> 10;
        };
    }

    private static byte[] strz(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return java.util.Arrays.copyOf(b, b.length + 1);
    }

    /** A message in a received datagram: its type, sequence number, and where its payload starts and ends. */
    record Message(int type, int seq, int payload, int end) {
    }

    /** The messages of one datagram, in order (a truncated tail is dropped). */
    static List<Message> messages(ByteBuffer datagram) {
        ByteBuffer b = datagram.duplicate().order(ByteOrder.nativeOrder());
        java.util.ArrayList<Message> out = new java.util.ArrayList<>();
        for (int off = 0; off + 16 <= b.limit(); ) {
            int len = b.getInt(off);
            if (len < 16 || off + len > b.limit()) {
                break;
            }
            out.add(new Message(Short.toUnsignedInt(b.getShort(off + 4)), b.getInt(off + 8), off + 16, off + len));
            off += (len + 3) & ~3;
        }
        return out;
    }

    /** The error code of an {@code NLMSG_ERROR} (0 for an acknowledgement, else minus errno). */
    static int error(ByteBuffer datagram, Message m) {
        return datagram.duplicate().order(ByteOrder.nativeOrder()).getInt(m.payload());
    }

    /** {@code NFTA_GEN_ID} of an {@code NFT_MSG_NEWGEN} (a reply or an event), or -1 when absent. */
    static long generation(ByteBuffer datagram, Message m) {
        ByteBuffer b = datagram.duplicate().order(ByteOrder.nativeOrder());
        for (int a = m.payload() + 4; a + 4 <= m.end(); ) {
            int alen = Short.toUnsignedInt(b.getShort(a));
            if (alen < 4) {
                return -1;
            }
            if ((b.getShort(a + 2) & 0x3fff) == NFTA_GEN_ID && alen >= 8) {
                return Integer.toUnsignedLong(b.order(ByteOrder.BIG_ENDIAN).getInt(a + 4));
            }
            a += (alen + 3) & ~3;
        }
        return -1;
    }

    /** Appends netlink messages and attributes: headers in host order, attribute values as given. */
    private static final class Writer {
        private byte[] buf = new byte[512];
        private int size;

        private void put(byte[] b) {
            if (size + b.length > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, size + b.length));
            }
            System.arraycopy(b, 0, buf, size, b.length);
            size += b.length;
        }

        private ByteBuffer view() {
            return ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder());
        }

        /** Starts a message (header and nfgenmsg); returns its offset for {@link #endMessage}. */
        int begin(int type, int flags, int seq, int family, int resId) {
            int at = size;
            ByteBuffer h = ByteBuffer.allocate(20).order(ByteOrder.nativeOrder());
            h.putInt(0).putShort((short) type).putShort((short) flags).putInt(seq).putInt(0);
            h.put((byte) family).put((byte) 0).order(ByteOrder.BIG_ENDIAN).putShort((short) resId);
            put(h.array());
            return at;
        }

        void endMessage(int at) {
            view().putInt(at, size - at);
        }

        void attr(int type, byte[] value) {
            put(ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putShort((short) (4 + value.length))
                    .putShort((short) type).array());
            put(value);
            put(new byte[(4 - value.length % 4) % 4]);
        }

        /** Starts a nested attribute; returns its offset for {@link #endNest}. */
        int nest(int type) {
            int at = size;
            put(ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putShort((short) 0)
                    .putShort((short) (type | NLA_F_NESTED)).array());
            return at;
        }

        void endNest(int at) {
            int len = size - at;
            if (len > 0xffff) {
                throw new IllegalStateException("nested attribute longer than 65535 bytes");
            }
            view().putShort(at, (short) len);
        }

        byte[] bytes() {
            return java.util.Arrays.copyOf(buf, size);
        }
    }
}
