package masq.backend.nftables;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import masq.api.spi.Availability;
import masq.api.spi.Backend;
import masq.api.spi.BackendContext;
import masq.api.spi.BackendException;
import masq.api.spi.FirewallBackend;
import masq.api.spi.FirewallBackendProvider;

/**
 * Provider {@code nftables}: a private table {@code inet ip-masq-agent} written in one transaction,
 * in-process through libnftables when it is installed (and set elements through netlink, see
 * {@link NetlinkNftables}), else by spawning {@code nft -f -}.
 *
 * <p>Options ({@code --backend-option key=value}):
 * <ul>
 *   <li>{@code nft-mode=library|cli}: force the in-process library or the {@code nft} binary
 *       (default: library when {@code libnftables.so.1} loads, else cli);</li>
 *   <li>{@code nft-timeout-ms=N}: how long a spawned {@code nft} may run (default 10000).</li>
 * </ul>
 * The in-process path needs {@code --enable-native-access=masq.backend.nftables}.
 */
@Backend(id = NftablesBackendProvider.ID,
        description = "native nftables: table inet ip-masq-agent, interval sets, one transaction (libnftables or nft)")
public final class NftablesBackendProvider implements FirewallBackendProvider {

    static final String ID = "nftables";
    private static final Set<String> OPTIONS = Set.of("nft-mode", "nft-timeout-ms");

    /** Does nothing; see {@link #create}. */
    public NftablesBackendProvider() {
    }

    /** Always table {@code inet ip-masq-agent}, whichever way it is written. */
    @Override
    public Optional<String> rulesetId() {
        return Optional.of(ID);
    }

    @Override
    public Availability probe(BackendContext context) {
        if (Libnftables.probe().isPresent()) {
            return Availability.available(Libnftables.LIBRARY);
        }
        try {
            return Availability.available(NftCli.queryVersion(context.commands(), Duration.ofSeconds(5)));
        } catch (BackendException e) {
            return Availability.unavailable("neither " + Libnftables.LIBRARY + " nor nft found: " + e.getMessage());
        }
    }

    @Override
    public FirewallBackend create(BackendContext context) throws BackendException {
        for (String key : context.options().keySet()) {
            if (!OPTIONS.contains(key)) {
                throw new BackendException(BackendException.Reason.FAILED, "failed to create backend nftables: "
                        + "unknown backend option \"" + key + "\" (known: nft-mode, nft-timeout-ms)");
            }
        }
        Duration timeout = Duration.ofMillis(timeoutMillis(context.option("nft-timeout-ms").orElse("10000")));
        String mode = context.option("nft-mode").orElse("auto");
        NftExecutor nft = switch (mode) {
            case "library" -> Libnftables.open();
            case "cli" -> cli(context, timeout);
            case "auto" -> Libnftables.probe().isPresent() ? Libnftables.open() : cli(context, timeout);
            default -> throw new BackendException(BackendException.Reason.FAILED, "failed to create backend "
                    + "nftables: backend option nft-mode=\"" + mode + "\" must be library or cli");
        };
        // In-process means netlink too (generation id, element batches); cli keeps every call in nft.
        NftNetlink netlink = nft instanceof Libnftables ? NetlinkNftables.open(nft) : NftNetlink.viaText(nft);
        return new NftablesBackend(nft, netlink, new NetlinkRulesetWatcher());
    }

    private static NftExecutor cli(BackendContext context, Duration timeout) throws BackendException {
        return new NftCli(context.commands(), timeout, NftCli.queryVersion(context.commands(), timeout));
    }

    private static long timeoutMillis(String text) throws BackendException {
        try {
            long ms = Long.parseLong(text);
            if (ms > 0) {
                return ms;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BackendException(BackendException.Reason.FAILED, "failed to create backend nftables: "
                + "backend option nft-timeout-ms=\"" + text + "\" must be a positive number of milliseconds");
    }
}
