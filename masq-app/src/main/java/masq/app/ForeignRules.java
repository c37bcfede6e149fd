package masq.app;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import masq.api.MasqPolicy;
import masq.api.spi.BackendContext;
import masq.api.spi.BackendException;
import masq.api.spi.BackendInfo;
import masq.api.spi.FirewallBackend;
import masq.api.spi.FirewallBackendProvider;
import masq.api.spi.SyncResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Switching between the kernel backends (iptables legacy, iptables nft, nftables) must never leave two of
 * them masquerading: after the chosen backend's first successful sync, this removes what the other
 * built-in kernel backends own ({@link FirewallBackend#cleanup()}, which touches only their own chains,
 * jumps and tables). Doing it after the first sync, not before, means there is never a moment without
 * rules; the brief overlap can only masquerade more, never less.
 *
 * <p>Only for the built-in kernel backends: {@code dryrun} and plugins never trigger it, so they never
 * touch the kernel.
 */
final class ForeignRules implements SyncEvents {
    private static final Logger LOG = LoggerFactory.getLogger(ForeignRules.class);

    private final List<FirewallBackendProvider> others;
    private final BackendContext context;
    private final AtomicBoolean done = new AtomicBoolean();

    private ForeignRules(List<FirewallBackendProvider> others, BackendContext context) {
        this.others = List.copyOf(others);
        this.context = context;
    }

    /**
     * The listener for a chosen backend.
     *
     * @param chosen    what is running
     * @param providers every discovered provider
     * @param context   commands for probing and cleaning (no backend options: they belong to the chosen one)
     */
    static SyncEvents forChosen(BackendInfo chosen, List<FirewallBackendProvider> providers, BackendContext context) {
        List<String> ids = otherIds(chosen);
        if (ids.isEmpty()) {
            return SyncEvents.NONE;
        }
        return new ForeignRules(providers.stream().filter(p -> ids.contains(p.id())).toList(), context);
    }

    /** Which built-in backends' rules must go when {@code chosen} runs. */
    static List<String> otherIds(BackendInfo chosen) {
        return switch (chosen.id()) {
            case "nftables" -> List.of("iptables-legacy", "iptables-nft");
            case "iptables", "iptables-legacy", "iptables-nft" -> switch (chosen.mode()) {
                case "legacy" -> List.of("iptables-nft", "nftables");
                case "nft" -> List.of("iptables-legacy", "nftables");
                default -> List.of("nftables");
            };
            default -> List.of();
        };
    }

    @Override
    public void syncFinished(SyncLoop.Outcome outcome, Duration took, Optional<MasqPolicy> policy,
                             Optional<SyncResult> result, Optional<BackendException> failure) {
        if (!(outcome == SyncLoop.Outcome.SYNCED || outcome == SyncLoop.Outcome.CONFIG_INVALID) || !done.compareAndSet(false, true)) {
            return;
        }
        for (FirewallBackendProvider other : others) {
            if (!other.probe(context).available()) {
                LOG.debug("backend {} unavailable here: no rules of it to remove", other.id());
                continue;
            }
            try (FirewallBackend backend = other.create(context)) {
                backend.cleanup();
                LOG.info("removed any rules left by backend {} (switching backends never leaves two masquerading)", other.id());
            } catch (BackendException | RuntimeException e) {
                LOG.warn("could not remove rules of backend {}: {}", other.id(), e.getMessage());
            }
        }
    }
}
