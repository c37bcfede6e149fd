package masq.backend.dryrun;

import masq.api.spi.Availability;
import masq.api.spi.Backend;
import masq.api.spi.BackendContext;
import masq.api.spi.FirewallBackend;
import masq.api.spi.FirewallBackendProvider;

/** The {@code dryrun} provider: always available, needs no tools and no privileges. */
@Backend(id = DryRunBackendProvider.ID, description = "logs the rules that would be applied; never touches the kernel")
public final class DryRunBackendProvider implements FirewallBackendProvider {

    /** The id chosen with {@code --backend=dryrun}. */
    static final String ID = "dryrun";

    @Override
    public Availability probe(BackendContext context) {
        return Availability.available("no tools needed");
    }

    @Override
    public FirewallBackend create(BackendContext context) {
        return new DryRunBackend();
    }
}
