package example.windows.outboundnat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import masq.api.MasqPolicy;
import masq.api.spi.BackendException;
import masq.api.spi.BackendInfo;
import masq.api.spi.FirewallBackend;
import masq.api.spi.Rendering;
import masq.api.spi.SyncResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the OutBoundNAT exception list of one CNI config file equal to the policy's non-masqueraded
 * destinations (see {@link ExceptionListPolicy}). Each sync reads the file, writes nothing when the list
 * already matches, and otherwise replaces the whole file atomically; when reading or parsing fails the
 * file stays as it was. Cleanup empties the list: the backend owns the list's content, nothing else.
 */
final class OutboundNatBackend implements FirewallBackend {
    private static final Logger LOG = LoggerFactory.getLogger(OutboundNatBackend.class);

    private final AtomicFile file;

    OutboundNatBackend(AtomicFile file) {
        this.file = file;
    }

    @Override
    public BackendInfo info() {
        return new BackendInfo(OutboundNatBackendProvider.ID, "cni-config", "");
    }

    /** The new file content. Reads the file (it is the base of the rewrite) but never writes it. */
    @Override
    public Rendering render(MasqPolicy policy) {
        try {
            CniConfig config = load();
            return new Rendering(List.of(new Rendering.Payload(file.path() + " (" + config.pointer() + ")",
                    config.withExceptions(ExceptionListPolicy.exceptions(policy)))));
        } catch (BackendException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public SyncResult sync(MasqPolicy policy) throws BackendException {
        return write(ExceptionListPolicy.exceptions(policy));
    }

    /** Empties the exception list; unchanged (nothing written) when it is already empty. */
    @Override
    public SyncResult cleanup() throws BackendException {
        return write(List.of());
    }

    private SyncResult write(List<String> wanted) throws BackendException {
        CniConfig config = load();
        List<String> current = config.exceptions();
        if (current.equals(wanted)) {
            return SyncResult.unchanged();
        }
        try {
            file.replace(config.withExceptions(wanted));
        } catch (IOException | UncheckedIOException e) {
            throw new BackendException(BackendException.Reason.FAILED,
                    "failed to write " + file.path() + ": " + e.getMessage(), e);
        }
        Set<String> added = new HashSet<>(wanted);
        current.forEach(added::remove);
        Set<String> removed = new HashSet<>(current);
        wanted.forEach(removed::remove);
        String summary = file.path() + " " + config.pointer() + ": " + wanted.size() + " entries (+"
                + added.size() + " -" + removed.size() + ")";
        LOG.info("rewrote {}", summary);
        return new SyncResult(true, summary);
    }

    private CniConfig load() throws BackendException {
        String text;
        try {
            text = file.read();
        } catch (IOException e) {
            throw new BackendException(e instanceof java.nio.file.NoSuchFileException
                    ? BackendException.Reason.NOT_FOUND : BackendException.Reason.FAILED,
                    "failed to read CNI config " + file.path() + ": " + e, e);
        }
        try {
            return CniConfig.parse(file.path().toString(), text);
        } catch (CniConfigException e) {
            throw new BackendException(BackendException.Reason.REJECTED, e.getMessage(), e);
        }
    }
}
