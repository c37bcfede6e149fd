package masq.app.agent;

import java.util.List;
import java.util.Optional;
import masq.api.spi.BackendContext;
import masq.api.spi.BackendException;
import masq.api.spi.FirewallBackend;
import masq.api.spi.FirewallBackendProvider;
import masq.api.spi.SyncResult;
import masq.app.sync.SyncOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Switching between backends that write different kernel rulesets (iptables legacy, iptables nft,
 * nftables) must never leave two of them masquerading. {@link #removeLeftovers()} is the step that ensures
 * it: every provider with a fixed {@link FirewallBackendProvider#rulesetId() ruleset} other than the running
 * backend's is probed, created (no options) and asked to {@link FirewallBackend#cleanup()}, which removes
 * only what that backend owns and creates nothing.
 *
 * <p>The {@link Reconciler} takes the step once, right after the first sync that put the running backend's
 * rules in force ({@link SyncOutcome#rulesInForce()}): not before, so there is never a moment without rules
 * (the brief overlap can only masquerade more, never less). It runs on the sync thread between two
 * iterations, so the probes and other backends' tools delay the next sync, never a listener.
 *
 * <p>A running backend without a ruleset id ({@code dryrun}, plugins that declare none) never takes it, so
 * they never touch the kernel.
 */
final class BackendSwitch {
    private static final Logger LOG = LoggerFactory.getLogger(BackendSwitch.class);

    /** Nothing to remove: the running backend has no ruleset id, or no other backend has a fixed one. */
    static final BackendSwitch NONE = new BackendSwitch(List.of(), null);

    private final List<FirewallBackendProvider> others;
    private final BackendContext context;

    private BackendSwitch(List<FirewallBackendProvider> others, BackendContext context) {
        this.others = List.copyOf(others);
        this.context = context;
    }

    /**
     * The step for the running backend.
     *
     * @param running   the ruleset the running backend writes ({@link FirewallBackend#rulesetId()})
     * @param providers every provider that may have left rules (the built-ins: their constructors do nothing)
     * @param context   commands for probing and cleaning (no backend options: they belong to the running one)
     */
    static BackendSwitch forRunning(Optional<String> running, List<FirewallBackendProvider> providers, BackendContext context) {
        if (running.isEmpty()) {
            return NONE;
        }
        List<FirewallBackendProvider> others = providers.stream()
                .filter(p -> p.rulesetId().filter(id -> !id.equals(running.get())).isPresent()).toList();
        return others.isEmpty() ? NONE : new BackendSwitch(others, context);
    }

    /** Removes what each other backend left; logs what was removed, warns about what could not be. */
    void removeLeftovers() {
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
