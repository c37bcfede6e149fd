package masq.config;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads a config file through what it opened, never by a second look at its path, so a file swapped for a
 * FIFO between the directory listing and the read cannot block the sync loop (or {@code check}) forever.
 * POSIX calls through FFM, as elsewhere in the project (docs/decisions.md D1):
 * <ol>
 * <li>{@code open(path, O_PATH)}: a descriptor of whatever the path (symlinks followed, as kubelet's layout
 *     needs) names now, without opening it for I/O, so nothing blocks and no device is ever opened;</li>
 * <li>{@code statx} on that descriptor: its type; only a regular file goes on;</li>
 * <li>{@code open("/proc/self/fd/N", O_RDONLY|O_NONBLOCK)}: the same inode opened for reading (the path is
 *     not resolved again); without {@code /proc}, the path is opened {@code O_NONBLOCK} and its descriptor
 *     checked again, which cannot block either;</li>
 * <li>{@code read} up to the cap plus one byte.</li>
 * </ol>
 * Constants are Linux's (x86-64 and arm64 share them). Needs {@code --enable-native-access=masq.config}
 * (the launcher passes it; without it the JDK warns once).
 */
final class DescriptorReader {
    private static final int O_NOCTTY = 0x100;
    private static final int O_NONBLOCK = 0x800;
    private static final int O_CLOEXEC = 0x80000;
    private static final int O_PATH = 0x200000;
    private static final int AT_EMPTY_PATH = 0x1000;
    private static final int STATX_TYPE = 0x1;
    /** Type, mtime, ctime, inode and size: what a {@link Stamp} holds (the device numbers are always filled). */
    private static final int STATX_STAMP = STATX_TYPE | 0x40 | 0x80 | 0x100 | 0x200;
    private static final int STATX_MODE_OFFSET = 28;
    private static final int S_IFMT = 0xf000;
    private static final int ENOENT = 2;
    private static final int EINTR = 4;

    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private final MethodHandle open;
    private final MethodHandle statx;
    private final MethodHandle read;
    private final MethodHandle close;
    private final MethodHandle strerror;

    /** What reading a path found. */
    sealed interface Outcome {
    }

    /** A regular file's first bytes: at most the cap plus one, so the caller sees "too large"; and its stamp. */
    record Content(byte[] bytes, Stamp stamp) implements Outcome {
    }

    /** The regular file has the stamp the caller expected: not read. */
    record Unchanged() implements Outcome {
    }

    /**
     * What identifies a file's content without reading it: device, inode (kubelet's swap of {@code ..data}
     * makes every key name a new inode), size, and the times of the last write and change in nanoseconds.
     */
    record Stamp(long device, long inode, long size, long mtimeNanos, long ctimeNanos) {
        static Stamp of(MemorySegment statx) {
            return new Stamp((long) statx.get(ValueLayout.JAVA_INT, 136) << 32 | statx.get(ValueLayout.JAVA_INT, 140),
                    statx.get(ValueLayout.JAVA_LONG, 32), statx.get(ValueLayout.JAVA_LONG, 40), nanos(statx, 112),
                    nanos(statx, 96));
        }

        private static long nanos(MemorySegment statx, long offset) {
            return statx.get(ValueLayout.JAVA_LONG, offset) * 1_000_000_000L
                    + Integer.toUnsignedLong(statx.get(ValueLayout.JAVA_INT, offset + 8));
        }
    }

    /** A directory (skipped by the source). */
    record Directory() implements Outcome {
    }

    /** Something else: a FIFO, a socket, a device. */
    record NotRegular(String type) implements Outcome {
    }

    /** A call failed; {@code missing} when the path names nothing (ENOENT). */
    record Failed(boolean missing, String reason) implements Outcome {
    }

    private DescriptorReader(Linker linker) {
        var libc = linker.defaultLookup();
        var i32 = ValueLayout.JAVA_INT;
        var ptr = ValueLayout.ADDRESS;
        Linker.Option errno = Linker.Option.captureCallState("errno");
        open = linker.downcallHandle(libc.findOrThrow("open"), FunctionDescriptor.of(i32, ptr, i32, i32),
                errno, Linker.Option.firstVariadicArg(2));
        statx = linker.downcallHandle(libc.findOrThrow("statx"), FunctionDescriptor.of(i32, i32, ptr, i32, i32, ptr),
                errno);
        read = linker.downcallHandle(libc.findOrThrow("read"),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, i32, ptr, ValueLayout.JAVA_LONG), errno);
        close = linker.downcallHandle(libc.findOrThrow("close"), FunctionDescriptor.of(i32, i32));
        strerror = linker.downcallHandle(libc.findOrThrow("strerror"), FunctionDescriptor.of(ptr, i32));
    }

    /** The reader, or empty (with the reason) where the calls cannot be linked. */
    static Optional<DescriptorReader> link(StringBuilder whyNot) {
        try {
            return Optional.of(new DescriptorReader(Linker.nativeLinker()));
        } catch (RuntimeException | Error e) { // IllegalCallerException (native access denied), missing symbols
            whyNot.append(e);
            return Optional.empty();
        }
    }

    /** Reads {@code path} as described in the class comment; never blocks on a FIFO. */
    Outcome read(Path path, int maxBytes) {
        return read(path, maxBytes, null);
    }

    /**
     * Like {@link #read(Path, int)}, but a regular file whose stamp (symlinks followed) equals {@code unless}
     * is not read: {@link Unchanged}.
     */
    Outcome read(Path path, int maxBytes, Stamp unless) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            // struct statx (256 bytes) plus one zero byte: the empty path statx needs, after the struct.
            MemorySegment stat = arena.allocate(257);
            int pathFd = (int) open.invokeExact(state, arena.allocateFrom(path.toString()), O_PATH | O_CLOEXEC, 0);
            if (pathFd < 0) {
                return failed(state, "open");
            }
            try {
                Outcome type = type(state, stat, pathFd);
                if (type != null) {
                    return type;
                }
                Stamp stamp = Stamp.of(stat);
                if (stamp.equals(unless)) {
                    return new Unchanged();
                }
                int fd = (int) open.invokeExact(state, arena.allocateFrom("/proc/self/fd/" + pathFd),
                        O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
                if (fd < 0 && errno(state) == ENOENT) { // no /proc: open the path, and check what was opened
                    fd = (int) open.invokeExact(state, arena.allocateFrom(path.toString()),
                            O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
                    Outcome again = fd < 0 ? null : type(state, stat, fd);
                    if (again != null) {
                        int ignored = (int) close.invokeExact(fd);
                        return again;
                    }
                }
                if (fd < 0) {
                    return failed(state, "open");
                }
                try {
                    return content(arena, state, fd, maxBytes, stamp);
                } finally {
                    int ignored = (int) close.invokeExact(fd);
                }
            } finally {
                int ignored = (int) close.invokeExact(pathFd);
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Null for a regular file; else what it is (or why statx failed). */
    private Outcome type(MemorySegment state, MemorySegment stat, int fd) throws Throwable {
        // statx(fd, "", AT_EMPTY_PATH, ...) is fstat: the file the descriptor refers to.
        if ((int) statx.invokeExact(state, fd, stat.asSlice(256, 1), AT_EMPTY_PATH, STATX_STAMP, stat) != 0) {
            return failed(state, "statx");
        }
        int mode = Short.toUnsignedInt(stat.get(ValueLayout.JAVA_SHORT, STATX_MODE_OFFSET)) & S_IFMT;
        return switch (mode) {
            case 0x8000 -> null;
            case 0x4000 -> new Directory();
            case 0x1000 -> new NotRegular("a FIFO");
            case 0xc000 -> new NotRegular("a socket");
            case 0x2000 -> new NotRegular("a character device");
            case 0x6000 -> new NotRegular("a block device");
            default -> new NotRegular("of type " + Integer.toOctalString(mode));
        };
    }

    private Outcome content(Arena arena, MemorySegment state, int fd, int maxBytes, Stamp stamp) throws Throwable {
        int limit = maxBytes + 1;
        MemorySegment buf = arena.allocate(Math.min(limit, 1 << 16));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        while (out.size() < limit) {
            long n = (long) read.invokeExact(state, fd, buf, Math.min(buf.byteSize(), limit - out.size()));
            if (n < 0 && errno(state) == EINTR) {
                continue;
            }
            if (n < 0) {
                return failed(state, "read");
            }
            if (n == 0) {
                break;
            }
            out.write(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE));
        }
        return new Content(out.toByteArray(), stamp);
    }

    private Failed failed(MemorySegment state, String call) throws Throwable {
        int errno = errno(state);
        MemorySegment text = (MemorySegment) strerror.invokeExact(errno);
        return new Failed(errno == ENOENT, call + ": " + text.reinterpret(256).getString(0));
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }
}
