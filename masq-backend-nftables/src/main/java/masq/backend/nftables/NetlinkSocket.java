package masq.backend.nftables;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.time.Duration;

/**
 * One {@code NETLINK_NETFILTER} socket through the JDK's FFM API (libc {@code socket}, {@code bind},
 * {@code setsockopt}, {@code send}, {@code recv}, {@code close}): the nf_tables change stream
 * ({@link NetlinkRulesetWatcher}) and requests to nf_tables ({@link NetlinkNftables}) share it. Opened on the
 * calling thread, so it belongs to that thread's network namespace. Not thread-safe; one owner at a time.
 */
final class NetlinkSocket implements AutoCloseable {

    static final int ENOBUFS = 105;
    static final int EAGAIN = 11;
    private static final int AF_NETLINK = 16;
    private static final int SOCK_RAW_CLOEXEC = 3 | 0x80000;
    private static final int NETLINK_NETFILTER = 12;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVTIMEO = 20;
    private static final int SOL_NETLINK = 270;
    private static final int NETLINK_ADD_MEMBERSHIP = 1;
    /** Errors do not echo the whole request back (a failed batch could otherwise fill the receive queue). */
    private static final int NETLINK_CAP_ACK = 10;

    private final Arena arena = Arena.ofShared();
    private final MethodHandle send;
    private final MethodHandle recv;
    private final MethodHandle setsockopt;
    private final MethodHandle closeFd;
    private final MemorySegment callState;
    private final VarHandle errno;
    private final MemorySegment buffer;
    private final int fd;
    private boolean closed;

    /**
     * @param receiveTimeout how long {@link #receive} blocks at most
     * @param bufferBytes    size of the receive buffer (one {@code recv} returns at most this much)
     * @throws IOException when the socket cannot be opened (no native access, no netlink)
     */
    NetlinkSocket(Duration receiveTimeout, int bufferBytes) throws IOException {
        try {
            Linker linker = Linker.nativeLinker();
            var libc = linker.defaultLookup();
            var ptr = ValueLayout.ADDRESS;
            var i32 = ValueLayout.JAVA_INT;
            var i64 = ValueLayout.JAVA_LONG;
            Linker.Option ccs = Linker.Option.captureCallState("errno");
            MethodHandle socket = linker.downcallHandle(libc.findOrThrow("socket"), FunctionDescriptor.of(i32, i32, i32, i32));
            MethodHandle bind = linker.downcallHandle(libc.findOrThrow("bind"), FunctionDescriptor.of(i32, i32, ptr, i32));
            setsockopt = linker.downcallHandle(libc.findOrThrow("setsockopt"), FunctionDescriptor.of(i32, i32, i32, i32, ptr, i32));
            send = linker.downcallHandle(libc.findOrThrow("send"), FunctionDescriptor.of(i64, i32, ptr, i64, i32), ccs);
            recv = linker.downcallHandle(libc.findOrThrow("recv"), FunctionDescriptor.of(i64, i32, ptr, i64, i32), ccs);
            closeFd = linker.downcallHandle(libc.findOrThrow("close"), FunctionDescriptor.of(i32, i32));
            callState = arena.allocate(Linker.Option.captureStateLayout());
            errno = Linker.Option.captureStateLayout().varHandle(MemoryLayout.PathElement.groupElement("errno"));
            buffer = arena.allocate(bufferBytes);
            fd = (int) socket.invokeExact(AF_NETLINK, SOCK_RAW_CLOEXEC, NETLINK_NETFILTER);
            if (fd < 0) {
                arena.close();
                throw new IOException("socket(AF_NETLINK, NETLINK_NETFILTER) failed");
            }
            MemorySegment addr = arena.allocate(12); // sockaddr_nl: family, pad, pid 0 (kernel assigns), groups 0
            addr.set(ValueLayout.JAVA_SHORT, 0, (short) AF_NETLINK);
            MemorySegment timeout = arena.allocate(16); // struct timeval
            timeout.set(ValueLayout.JAVA_LONG, 0, receiveTimeout.toSeconds());
            timeout.set(ValueLayout.JAVA_LONG, 8, receiveTimeout.toMillisPart() * 1000L);
            if ((int) bind.invokeExact(fd, addr, 12) != 0
                    || (int) setsockopt.invokeExact(fd, SOL_SOCKET, SO_RCVTIMEO, timeout, 16) != 0
                    || !option(NETLINK_CAP_ACK, 1)) {
                close();
                throw new IOException("cannot bind the NETLINK_NETFILTER socket");
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("cannot open a NETLINK_NETFILTER socket: " + e, e);
        }
    }

    /** Joins a multicast group (e.g. {@code NFNLGRP_NFTABLES}). */
    void join(int group) throws IOException {
        if (!option(NETLINK_ADD_MEMBERSHIP, group)) {
            throw new IOException("cannot join netlink group " + group);
        }
    }

    private boolean option(int name, int value) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            return (int) setsockopt.invokeExact(fd, SOL_NETLINK, name, a.allocateFrom(ValueLayout.JAVA_INT, value), 4) == 0;
        } catch (Throwable e) {
            throw new IOException("setsockopt failed: " + e, e);
        }
    }

    /** Sends one datagram (one or more netlink messages) to the kernel. */
    void send(byte[] message) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(message.length);
            out.copyFrom(MemorySegment.ofArray(message));
            long n = (long) send.invokeExact(callState, fd, out, (long) message.length, 0);
            if (n != message.length) {
                throw new IOException("netlink send failed: errno " + (n < 0 ? (int) errno.get(callState, 0L) : "short write"));
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("netlink send failed: " + e, e);
        }
    }

    /**
     * Receives one datagram into the buffer ({@link #buffer()}).
     *
     * @return its length, or {@code -errno} ({@code -EAGAIN} after the receive timeout, {@code -ENOBUFS} when
     *         messages were lost because the socket's queue overflowed)
     */
    long receive() throws IOException {
        try {
            long n = (long) recv.invokeExact(callState, fd, buffer, buffer.byteSize(), 0);
            return n >= 0 ? n : -(int) errno.get(callState, 0L);
        } catch (Throwable e) {
            throw new IOException("netlink receive failed: " + e, e);
        }
    }

    /** What the last {@link #receive} got. */
    MemorySegment buffer() {
        return buffer;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            int rc = (int) closeFd.invokeExact(fd);
            assert rc == 0 : "close of netlink socket failed";
        } catch (Throwable e) {
            // Nothing to do: the descriptor is gone either way.
        } finally {
            arena.close();
        }
    }
}
