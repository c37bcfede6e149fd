package example.windows.outboundnat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import masq.api.spi.Availability;
import masq.api.spi.Backend;
import masq.api.spi.BackendContext;
import masq.api.spi.BackendException;
import masq.api.spi.FirewallBackend;
import masq.api.spi.FirewallBackendProvider;

/**
 * The {@code windows-outboundnat} provider. Options: {@code cni-config=<file>} (required), the win-bridge
 * CNI config whose OutBoundNAT exception list the agent maintains. Any other option is an error.
 * Probing reads and parses the file and never writes it.
 */
@Backend(id = OutboundNatBackendProvider.ID,
        description = "Windows: the OutBoundNAT ExceptionList of a win-bridge CNI config (--backend-option cni-config=FILE)")
public final class OutboundNatBackendProvider implements FirewallBackendProvider {
    static final String ID = "windows-outboundnat";
    static final String CNI_CONFIG = "cni-config";

    @Override
    public Availability probe(BackendContext context) {
        try {
            Path path = configPath(context);
            CniConfig config = CniConfig.parse(path.toString(), Files.readString(path));
            return Availability.available(path + " " + config.pointer());
        } catch (BackendException | CniConfigException e) {
            return Availability.unavailable(e.getMessage());
        } catch (IOException e) {
            return Availability.unavailable("cannot read CNI config: " + e);
        }
    }

    @Override
    public FirewallBackend create(BackendContext context) throws BackendException {
        Path path = configPath(context);
        if (!Files.isRegularFile(path)) {
            throw new BackendException(BackendException.Reason.NOT_FOUND,
                    "failed to open CNI config: " + path + " is not a regular file (option " + CNI_CONFIG + ")");
        }
        return new OutboundNatBackend(new AtomicFile(path));
    }

    private static Path configPath(BackendContext context) throws BackendException {
        Set<String> unknown = new TreeSet<>(context.options().keySet());
        unknown.remove(CNI_CONFIG);
        if (!unknown.isEmpty()) {
            throw new BackendException(BackendException.Reason.FAILED, "unknown backend option(s) " + unknown
                    + " for " + ID + "; known: " + CNI_CONFIG);
        }
        Optional<String> value = context.option(CNI_CONFIG);
        if (value.isEmpty() || value.get().isBlank()) {
            throw new BackendException(BackendException.Reason.FAILED,
                    ID + " needs --backend-option " + CNI_CONFIG + "=<win-bridge CNI config file>");
        }
        try {
            return Path.of(value.get());
        } catch (InvalidPathException e) {
            throw new BackendException(BackendException.Reason.FAILED,
                    "invalid " + CNI_CONFIG + " value \"" + value.get() + "\": " + e.getMessage());
        }
    }
}
