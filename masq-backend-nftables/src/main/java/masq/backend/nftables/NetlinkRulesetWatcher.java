package masq.backend.nftables;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows nf_tables change notifications: a netlink socket ({@code NETLINK_NETFILTER}) joined to the
 * multicast group {@code NFNLGRP_NFTABLES}, the same stream {@code nft monitor} prints. Every committed
 * batch sends one message per object touched (each names its table in attribute 1) and ends with
 * {@code NFT_MSG_NEWGEN}; when a batch touched our table, {@code onChange} runs once.
 *
 * <p>Opened on the calling thread, so it watches that thread's network namespace. A receive timeout of
 * 200 ms lets {@link AutoCloseable#close()} stop the reader thread without signals. When the socket
 * overflows ({@code ENOBUFS}: events were lost) it reports a change, which is always safe.
 */
final class NetlinkRulesetWatcher implements RulesetWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(NetlinkRulesetWatcher.class);
    private static final int AF_NETLINK = 16;
    private static final int SOCK_RAW_CLOEXEC = 3 | 0x80000;
    private static final int NETLINK_NETFILTER = 12;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVTIMEO = 20;
    private static final int SOL_NETLINK = 270;
    private static final int NETLINK_ADD_MEMBERSHIP = 1;
    private static final int NFNLGRP_NFTABLES = 7;
    private static final int NFNL_SUBSYS_NFTABLES = 10;
    private static final int NFT_MSG_NEWGEN = 15;
    private static final int ENOBUFS = 105;

    @Override
    public AutoCloseable watch(NftObject.TableRef table, Runnable onChange) {
        try {
            Socket socket = new Socket();
            Thread reader = Thread.ofPlatform().daemon().name("nft-watch").start(() -> socket.loop(table, onChange));
            return () -> {
                socket.closing = true;
                reader.join(2000);
                socket.close();
            };
        } catch (Throwable e) {
            LOG.warn("cannot watch nf_tables changes (drift is then healed at the next periodic sync): {}", e.toString());
            return () -> { };
        }
    }

    /** One subscribed netlink socket and the calls it needs. */
    private static final class Socket {
        private final Arena arena = Arena.ofShared();
        private final MethodHandle recv;
        private final MethodHandle closeFd;
        private final MemorySegment callState;
        private final VarHandle errno;
        private final int fd;
        volatile boolean closing;

        Socket() throws Throwable {
            Linker linker = Linker.nativeLinker();
            var libc = linker.defaultLookup();
            var ptr = ValueLayout.ADDRESS;
            var i32 = ValueLayout.JAVA_INT;
            Linker.Option ccs = Linker.Option.captureCallState("errno");
            MethodHandle socket = linker.downcallHandle(libc.findOrThrow("socket"), FunctionDescriptor.of(i32, i32, i32, i32));
            MethodHandle bind = linker.downcallHandle(libc.findOrThrow("bind"), FunctionDescriptor.of(i32, i32, ptr, i32));
            MethodHandle setsockopt = linker.downcallHandle(libc.findOrThrow("setsockopt"),
                    FunctionDescriptor.of(i32, i32, i32, i32, ptr, i32));
            recv = linker.downcallHandle(libc.findOrThrow("recv"),
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, i32, ptr, ValueLayout.JAVA_LONG, i32), ccs);
            closeFd = linker.downcallHandle(libc.findOrThrow("close"), FunctionDescriptor.of(i32, i32));
            callState = arena.allocate(Linker.Option.captureStateLayout());
            errno = Linker.Option.captureStateLayout().varHandle(MemoryLayout.PathElement.groupElement("errno"));
            fd = (int) socket.invokeExact(AF_NETLINK, SOCK_RAW_CLOEXEC, NETLINK_NETFILTER);
            if (fd < 0) {
                throw new IllegalStateException("socket(AF_NETLINK, NETLINK_NETFILTER) failed");
            }
            MemorySegment addr = arena.allocate(12); // sockaddr_nl: family, pad, pid 0 (kernel assigns), groups 0
            addr.set(ValueLayout.JAVA_SHORT, 0, (short) AF_NETLINK);
            MemorySegment group = arena.allocateFrom(i32, NFNLGRP_NFTABLES);
            MemorySegment timeout = arena.allocate(16); // struct timeval {0 s, 200000 us}
            timeout.set(ValueLayout.JAVA_LONG, 8, 200_000L);
            if ((int) bind.invokeExact(fd, addr, 12) != 0
                    || (int) setsockopt.invokeExact(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, group, 4) != 0
                    || (int) setsockopt.invokeExact(fd, SOL_SOCKET, SO_RCVTIMEO, timeout, 16) != 0) {
                close();
                throw new IllegalStateException("cannot subscribe to NFNLGRP_NFTABLES");
            }
        }

        void loop(NftObject.TableRef table, Runnable onChange) {
            MemorySegment buf = arena.allocate(1 << 16);
            boolean touched = false;
            while (!closing) {
                long n;
                try {
                    n = (long) recv.invokeExact(callState, fd, buf, buf.byteSize(), 0);
                } catch (Throwable e) {
                    LOG.warn("nf_tables watch stopped: {}", e.toString());
                    return;
                }
                if (n < 0) {
                    if ((int) errno.get(callState, 0L) == ENOBUFS) {
                        onChange.run();
                    }
                    continue;
                }
                for (long off = 0; off + 16 <= n; ) {
                    int len = buf.get(ValueLayout.JAVA_INT, off);
                    int type = Short.toUnsignedInt(buf.get(ValueLayout.JAVA_SHORT, off + 4));
                    if (len < 16 || off + len > n) {
                        break;
                    }
                    if ((type >> 8) == NFNL_SUBSYS_NFTABLES) {
                        if ((type & 0xff) == NFT_MSG_NEWGEN) {
                            if (touched) {
                                onChange.run();
                            }
                            touched = false;
                        } else if (names(buf, off, len, table)) {
                            touched = true;
                        }
                    }
                    off += (len + 3) & ~3;
                }
            }
        }

        /** nfgenmsg family matches and attribute 1 (the table name in every object message) is ours. */
        private static boolean names(MemorySegment buf, long msg, int len, NftObject.TableRef table) {
            int family = Byte.toUnsignedInt(buf.get(ValueLayout.JAVA_BYTE, msg + 16));
            if (family != familyNumber(table.family())) {
                return false;
            }
            for (long a = msg + 20; a + 4 <= msg + len; ) {
                int alen = Short.toUnsignedInt(buf.get(ValueLayout.JAVA_SHORT, a));
                int atype = buf.get(ValueLayout.JAVA_SHORT, a + 2) & 0x3fff;
                if (alen < 4) {
                    return false;
                }
                if (atype == 1) {
                    byte[] name = buf.asSlice(a + 4, alen - 4).toArray(ValueLayout.JAVA_BYTE);
                    int end = 0;
                    while (end < name.length && name[end] != 0) {
                        end++;
                    }
                    return new String(name, 0, end, StandardCharsets.US_ASCII).equals(table.name());
                }
                a += (alen + 3) & ~3;
            }
            return false;
        }

        private static int familyNumber(String family) {
            return switch (family) {
                case "inet" -> 1;
                case "ip" -> 2;
                default -> 10;
            };
        }

        void close() {
            try {
                if ((int) closeFd.invokeExact(fd) != 0) {
                    LOG.debug("close of netlink socket failed");
                }
            } catch (Throwable e) {
                LOG.debug("close of netlink socket failed: {}", e.toString());
            }
            arena.close();
        }
    }
}
