package masq.backend.nftables;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.OptionalInt;
import masq.api.spi.BackendException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link NftNetlink} over one {@code NETLINK_NETFILTER} socket kept open for the backend's life (closing a
 * socket after a transaction costs a kernel grace period). Requests are answered in order, so a batch is
 * followed by a {@code GETGEN}: every error the batch caused arrives before that reply, and the reply says
 * the batch is done. Opened on the calling thread: it belongs to that thread's network namespace.
 */
final class NetlinkNftables implements NftNetlink {

    private static final Logger LOG = LoggerFactory.getLogger(NetlinkNftables.class);
    private static final int ERESTART = 85;
    /** A reply that takes longer than this means something is badly wrong; the sync then fails. */
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(5);

    private final NetlinkSocket socket;
    private int seq = (int) (System.nanoTime() & 0x7fffffff);

    private NetlinkNftables(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** The netlink path, or the text fallback when the socket cannot be opened (e.g. no native access). */
    static NftNetlink open(NftExecutor fallback) {
        try {
            return new NetlinkNftables(new NetlinkSocket(REPLY_TIMEOUT, 1 << 16));
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot open a netlink socket to nf_tables ({}): element changes go through nft and every sync"
                    + " reads the table back", e.getMessage());
            return NftNetlink.viaText(fallback);
        }
    }

    @Override
    public synchronized OptionalInt generation() throws BackendException {
        int id = ++seq;
        send(NfMessages.getGeneration(id));
        return OptionalInt.of(awaitGeneration(id, new int[1]));
    }

    @Override
    public synchronized Commit commit(Transaction tx, OptionalInt generation) throws BackendException {
        int first = ++seq;
        int messages = NfMessages.messages(tx);
        seq += messages; // the batch uses first .. first + messages - 1; the barrier below the next one
        int barrier = seq;
        send(NfMessages.elementBatch(tx, generation.orElse(0), first));
        send(NfMessages.getGeneration(barrier));
        int[] error = new int[1];
        awaitGeneration(barrier, error, first);
        if (error[0] == 0) {
            return new Commit(Status.COMMITTED, generation.isPresent() ? OptionalInt.of(generation.getAsInt() + 1)
                    : OptionalInt.empty(), "");
        }
        if (error[0] == ERESTART) {
            return new Commit(Status.STALE, OptionalInt.empty(), "the ruleset changed since generation " + generation);
        }
        return new Commit(Status.REJECTED, OptionalInt.empty(), "the kernel refused the element transaction: errno "
                + error[0] + " (" + errnoName(error[0]) + ")");
    }

    private void send(byte[] message) throws BackendException {
        try {
            socket.send(message);
        } catch (IOException e) {
            throw new BackendException(BackendException.Reason.FAILED, "failed to talk to nf_tables: " + e.getMessage(), e);
        }
    }

    private int awaitGeneration(int id, int[] error) throws BackendException {
        return awaitGeneration(id, error, id);
    }

    /**
     * Reads replies until the {@code NEWGEN} answering request {@code id}; the first error of a request in
     * {@code [from, id)} is stored in {@code error[0]} (as a positive errno). Replies to older requests (one
     * that timed out) are skipped.
     */
    private int awaitGeneration(int id, int[] error, int from) throws BackendException {
        while (true) {
            long n;
            try {
                n = socket.receive();
            } catch (IOException e) {
                throw new BackendException(BackendException.Reason.FAILED, "failed to talk to nf_tables: " + e.getMessage(), e);
            }
            if (n < 0) {
                throw new BackendException(-n == NetlinkSocket.EAGAIN ? BackendException.Reason.TIMEOUT
                        : BackendException.Reason.FAILED, "no answer from nf_tables (errno " + -n + ")");
            }
            ByteBuffer datagram = socket.buffer().asByteBuffer().limit((int) n);
            for (NfMessages.Message m : NfMessages.messages(datagram)) {
                if (m.type() == NfMessages.NLMSG_ERROR && m.seq() - from >= 0 && id - m.seq() > 0) {
                    int code = NfMessages.error(datagram, m);
                    if (code != 0 && error[0] == 0) {
                        error[0] = -code;
                    }
                } else if (m.type() == NfMessages.NEWGEN && m.seq() == id) {
                    long gen = NfMessages.generation(datagram, m);
                    if (gen < 0) {
                        throw new BackendException(BackendException.Reason.FAILED, "nf_tables sent no generation id");
                    }
                    return (int) gen;
                } else if (m.type() == NfMessages.NLMSG_ERROR && m.seq() == id) {
                    throw new BackendException(BackendException.Reason.FAILED,
                            "nf_tables refused a generation query: errno " + -NfMessages.error(datagram, m));
                }
            }
        }
    }

    private static String errnoName(int errno) {
        return switch (errno) {
            case 2 -> "ENOENT: an element or set is missing";
            case 16 -> "EBUSY";
            case 17 -> "EEXIST: an element is already there";
            case 22 -> "EINVAL";
            case 34 -> "ERANGE";
            case 95 -> "EOPNOTSUPP";
            default -> "see errno(3)";
        };
    }

    @Override
    public synchronized void close() {
        socket.close();
    }
}
