package masq.backend.dryrun;

import masq.api.spi.Availability;
import masq.api.spi.BackendContext;
import masq.api.spi.FirewallBackend;
import masq.api.spi.FirewallBackendProvider;

/** The {@code dryrun} provider: always available, needs no tools and no privileges. */
public final class DryRunBackendProvider implements FirewallBackendProvider {

    /** The id chosen with {@code --backend=dryrun}. */
    static final String ID = "dryrun";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "logs the rules that would be applied; never touches the kernel";
    }

    @Override
    public Availability probe(BackendContext context) {
        return Availability.available("no tools needed");
    }

    @Override
    public FirewallBackend create(BackendContext context) {
        return new DryRunBackend();
    }
}
