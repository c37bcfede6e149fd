package masq.backend.nftables;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows nf_tables change notifications: a netlink socket joined to the multicast group
 * {@code NFNLGRP_NFTABLES}, the same stream {@code nft monitor} prints. Every committed batch sends one
 * message per object touched (each names its table in attribute 1) and ends with {@code NFT_MSG_NEWGEN},
 * which carries the new generation id; a batch that touched our table is reported with that id.
 *
 * <p>Opened on the calling thread, so it watches that thread's network namespace. A receive timeout of
 * 200 ms lets {@link AutoCloseable#close()} stop the reader thread without signals. When the socket
 * overflows ({@code ENOBUFS}: events were lost) it reports the loss, which is always safe.
 */
final class NetlinkRulesetWatcher implements RulesetWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(NetlinkRulesetWatcher.class);
    private static final int NFNLGRP_NFTABLES = 7;

    @Override
    public AutoCloseable watch(NftObject.TableRef table, Events events) {
        NetlinkSocket socket;
        try {
            socket = new NetlinkSocket(Duration.ofMillis(200), 1 << 16);
            socket.join(NFNLGRP_NFTABLES);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot watch nf_tables changes (drift is then healed at the next periodic sync): {}", e.toString());
            return () -> { };
        }
        Reader reader = new Reader(socket, table, events);
        Thread thread = Thread.ofPlatform().daemon().name("nft-watch").start(reader::loop);
        return () -> {
            reader.closing = true;
            thread.join(2000);
            if (!thread.isAlive()) {
                socket.close();
            }
        };
    }

    /** The reader thread's state. */
    private static final class Reader {
        private final NetlinkSocket socket;
        private final NftObject.TableRef table;
        private final Events events;
        volatile boolean closing;

        Reader(NetlinkSocket socket, NftObject.TableRef table, Events events) {
            this.socket = socket;
            this.table = table;
            this.events = events;
        }

        void loop() {
            events.started();
            boolean touched = false;
            try {
                while (!closing) {
                    long n = socket.receive();
                    if (n < 0) {
                        if (-n == NetlinkSocket.ENOBUFS) {
                            touched = false; // that batch's end may be lost too: the loss covers it
                            events.lost();
                        }
                        continue;
                    }
                    ByteBuffer datagram = socket.buffer().asByteBuffer().limit((int) n);
                    for (NfMessages.Message m : NfMessages.messages(datagram)) {
                        if ((m.type() >> 8) != NfMessages.NFNL_SUBSYS_NFTABLES) {
                            continue;
                        }
                        if (m.type() == NfMessages.NEWGEN) {
                            long gen = NfMessages.generation(datagram, m);
                            if (gen < 0) {
                                events.lost(); // cannot tell which batch this was: nothing can be inferred
                            } else {
                                if (touched) {
                                    events.touched((int) gen);
                                }
                                events.seen((int) gen);
                            }
                            touched = false;
                        } else if (names(datagram, m, table)) {
                            touched = true;
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("nf_tables watch stopped: {}", e.toString());
            } finally {
                events.stopped();
            }
        }
    }

    /** nfgenmsg family matches and attribute 1 (the table name in every object message) is ours. */
    static boolean names(ByteBuffer datagram, NfMessages.Message m, NftObject.TableRef table) {
        ByteBuffer b = datagram.duplicate().order(ByteOrder.nativeOrder());
        if (m.payload() + 4 > m.end() || Byte.toUnsignedInt(b.get(m.payload())) != NfMessages.family(table.family())) {
            return false;
        }
        for (int a = m.payload() + 4; a + 4 <= m.end(); ) {
            int alen = Short.toUnsignedInt(b.getShort(a));
            int atype = b.getShort(a + 2) & 0x3fff;
            if (alen < 4 || a + alen > m.end()) {
                return false;
            }
            if (atype == 1) {
                int end = a + 4;
                while (end < a + alen && b.get(end) != 0) {
                    end++;
                }
                byte[] name = new byte[end - a - 4];
                b.get(a + 4, name);
                return new String(name, StandardCharsets.US_ASCII).equals(table.name());
            }
            a += (alen + 3) & ~3;
        }
        return false;
    }
}
