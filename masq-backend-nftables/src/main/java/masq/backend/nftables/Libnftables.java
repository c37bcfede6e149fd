package masq.backend.nftables;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;
import masq.api.spi.BackendException;

/**
 * libnftables ({@code libnftables.so.1}) in-process through the JDK's FFM API, the same library {@code nft}
 * itself is a thin wrapper around. One {@code nft_ctx} stays open for the backend's life: a replace then
 * costs well under a millisecond instead of a process spawn. Output and errors are buffered in the
 * context ({@code nft_ctx_buffer_output/error}) and read after each call.
 *
 * <p>The context is not thread-safe, so {@link #run} is synchronized. Its netlink socket belongs to the
 * network namespace of the thread that opened it. Needs {@code --enable-native-access=masq.backend.nftables}.
 */
final class Libnftables implements NftExecutor {

    static final String LIBRARY = "libnftables.so.1";
    private static final int NFT_CTX_DEFAULT = 0;

    private final Arena arena;
    private final MemorySegment ctx;
    private final MethodHandle runCmd;
    private final MethodHandle outputBuffer;
    private final MethodHandle errorBuffer;
    private final MethodHandle ctxFree;
    private boolean closed;

    private Libnftables(Arena arena, SymbolLookup lib) throws Throwable {
        this.arena = arena;
        Linker linker = Linker.nativeLinker();
        var ptr = ValueLayout.ADDRESS;
        var cString = ptr.withTargetLayout(java.lang.foreign.MemoryLayout.sequenceLayout(Long.MAX_VALUE,
                ValueLayout.JAVA_BYTE));
        MethodHandle ctxNew = linker.downcallHandle(lib.findOrThrow("nft_ctx_new"),
                FunctionDescriptor.of(ptr, ValueLayout.JAVA_INT));
        MethodHandle bufferOutput = linker.downcallHandle(lib.findOrThrow("nft_ctx_buffer_output"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ptr));
        MethodHandle bufferError = linker.downcallHandle(lib.findOrThrow("nft_ctx_buffer_error"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ptr));
        this.runCmd = linker.downcallHandle(lib.findOrThrow("nft_run_cmd_from_buffer"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ptr, ptr));
        this.outputBuffer = linker.downcallHandle(lib.findOrThrow("nft_ctx_get_output_buffer"),
                FunctionDescriptor.of(cString, ptr));
        this.errorBuffer = linker.downcallHandle(lib.findOrThrow("nft_ctx_get_error_buffer"),
                FunctionDescriptor.of(cString, ptr));
        this.ctxFree = linker.downcallHandle(lib.findOrThrow("nft_ctx_free"),
                FunctionDescriptor.ofVoid(ptr));
        this.ctx = (MemorySegment) ctxNew.invokeExact(NFT_CTX_DEFAULT);
        if (ctx.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("nft_ctx_new returned NULL");
        }
        if ((int) bufferOutput.invokeExact(ctx) != 0 || (int) bufferError.invokeExact(ctx) != 0) {
            ctxFree.invokeExact(ctx);
            throw new IllegalStateException("nft_ctx_buffer_output/error failed");
        }
    }

    /** Loads the library and opens a context, or explains why not. */
    static Libnftables open() throws BackendException {
        Arena arena = Arena.ofShared();
        try {
            return new Libnftables(arena, SymbolLookup.libraryLookup(LIBRARY, arena));
        } catch (Throwable e) {
            arena.close();
            throw new BackendException(BackendException.Reason.UNAVAILABLE,
                    "failed to load " + LIBRARY + ": " + e.getMessage(), e);
        }
    }

    /** Whether the library can be loaded here (loads and unloads it; no context, no socket). */
    static Optional<String> probe() {
        try (Arena arena = Arena.ofConfined()) {
            SymbolLookup.libraryLookup(LIBRARY, arena).findOrThrow("nft_run_cmd_from_buffer");
            return Optional.of(LIBRARY);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public synchronized Result run(String script) throws BackendException {
        if (closed) {
            throw new BackendException(BackendException.Reason.FAILED, "failed to run nft script: backend closed");
        }
        try (Arena call = Arena.ofConfined()) {
            int rc = (int) runCmd.invokeExact(ctx, call.allocateFrom(script));
            // Each get_*_buffer call returns what was written since the previous call.
            String out = string((MemorySegment) outputBuffer.invokeExact(ctx));
            String err = string((MemorySegment) errorBuffer.invokeExact(ctx));
            return new Result(rc == 0, out, err);
        } catch (Throwable e) {
            throw new BackendException(BackendException.Reason.FAILED,
                    "failed to run nft script through " + LIBRARY + ": " + e, e);
        }
    }

    private static String string(MemorySegment cString) {
        return cString.address() == 0 ? "" : cString.getString(0);
    }

    @Override
    public String mode() {
        return "libnftables";
    }

    @Override
    public String version() {
        return LIBRARY;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            try {
                ctxFree.invokeExact(ctx);
            } catch (Throwable e) {
                throw new IllegalStateException("nft_ctx_free failed", e);
            } finally {
                arena.close();
            }
        }
    }
}
