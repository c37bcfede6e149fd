package masq.app;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import masq.api.spi.BackendContext;
import masq.api.spi.BackendException;
import masq.api.spi.FirewallBackend;
import masq.api.spi.FirewallBackendProvider;
import masq.api.spi.SyncResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Switching between backends that write different kernel rulesets (iptables legacy, iptables nft,
 * nftables) must never leave two of them masquerading: after the running backend's first successful
 * sync, every provider with a fixed {@link FirewallBackendProvider#rulesetId() ruleset} other than the
 * running backend's is created (no options) and asked to {@link FirewallBackend#cleanup()}, which removes
 * only what that backend owns and creates nothing. Doing it after the first sync, not before, means there
 * is never a moment without rules; the brief overlap can only masquerade more, never less.
 *
 * <p>A running backend without a ruleset id ({@code dryrun}, plugins that declare none) never triggers
 * it, so they never touch the kernel.
 */
final class ForeignRules implements LoopListener {
    private static final Logger LOG = LoggerFactory.getLogger(ForeignRules.class);

    private final List<FirewallBackendProvider> others;
    private final BackendContext context;
    private final AtomicBoolean done = new AtomicBoolean();

    private ForeignRules(List<FirewallBackendProvider> others, BackendContext context) {
        this.others = List.copyOf(others);
        this.context = context;
    }

    /**
     * The listener for the running backend.
     *
     * @param running   the ruleset the running backend writes ({@link FirewallBackend#rulesetId()})
     * @param providers every discovered provider
     * @param context   commands for probing and cleaning (no backend options: they belong to the running one)
     */
    static LoopListener forRunning(Optional<String> running, List<FirewallBackendProvider> providers, BackendContext context) {
        if (running.isEmpty()) {
            return LoopListener.NONE;
        }
        List<FirewallBackendProvider> others = providers.stream()
                .filter(p -> p.rulesetId().filter(id -> !id.equals(running.get())).isPresent()).toList();
        return others.isEmpty() ? LoopListener.NONE : new ForeignRules(others, context);
    }

    @Override
    public void on(LoopEvent event) {
        if (!(event instanceof SyncOutcome outcome && outcome.rulesInForce()) || !done.compareAndSet(false, true)) {
            return;
        }
        for (FirewallBackendProvider other : others) {
            if (!other.probe(context).available()) {
                LOG.debug("backend {} unavailable here: no rules of it to remove", other.id());
                continue;
            }
            try (FirewallBackend backend = other.create(context)) {
                SyncResult removed = backend.cleanup();
                if (removed.changed()) {
                    LOG.info("removed rules left by backend {}: {} (switching backends never leaves two masquerading)",
                            other.id(), removed.summary());
                } else {
                    LOG.debug("backend {}: {}", other.id(), removed.summary());
                }
            } catch (BackendException | RuntimeException e) {
                LOG.warn("could not remove rules of backend {}: {}", other.id(), e.getMessage());
            }
        }
    }
}
