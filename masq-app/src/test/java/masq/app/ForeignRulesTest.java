package masq.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import masq.api.MasqPolicy;
import masq.api.spi.Availability;
import masq.api.spi.BackendContext;
import masq.api.spi.BackendInfo;
import masq.api.spi.FirewallBackend;
import masq.api.spi.FirewallBackendProvider;
import masq.api.spi.Rendering;
import masq.api.spi.SyncResult;
import org.junit.jupiter.api.Test;

class ForeignRulesTest {
    private final List<String> cleaned = new ArrayList<>();
    private final BackendContext context = new BackendContext((argv, stdin, timeout) -> {
        throw new AssertionError("no command expected");
    }, Map.of());

    /** A provider that records its cleanup; unavailable ones must never be created. */
    private FirewallBackendProvider provider(String id, boolean available) {
        return new FirewallBackendProvider() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String description() {
                return id;
            }

            @Override
            public Availability probe(BackendContext c) {
                return available ? Availability.available("yes") : Availability.unavailable("no");
            }

            @Override
            public FirewallBackend create(BackendContext c) {
                if (!available) {
                    throw new AssertionError("created an unavailable backend " + id);
                }
                return new FirewallBackend() {
                    @Override
                    public BackendInfo info() {
                        return new BackendInfo(id, "", "");
                    }

                    @Override
                    public Rendering render(MasqPolicy policy) {
                        return new Rendering(List.of());
                    }

                    @Override
                    public SyncResult sync(MasqPolicy policy) {
                        throw new AssertionError("foreign backends are only cleaned");
                    }

                    @Override
                    public void cleanup() {
                        cleaned.add(id);
                    }
                };
            }
        };
    }

    private List<FirewallBackendProvider> all() {
        return List.of(provider("dryrun", true), provider("iptables", true), provider("iptables-legacy", true),
                provider("iptables-nft", false), provider("nftables", true), provider("plugin-x", true));
    }

    private static void finish(SyncEvents events, SyncLoop.Outcome outcome) {
        events.syncFinished(outcome, Duration.ZERO, Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Test
    void nftablesRemovesBothIptablesModesOnceAfterTheFirstGoodSync() {
        SyncEvents events = ForeignRules.forChosen(new BackendInfo("nftables", "libnftables", ""), all(), context);
        finish(events, SyncLoop.Outcome.SYNC_FAILED);
        finish(events, SyncLoop.Outcome.NO_VALID_CONFIG);
        assertEquals(List.of(), cleaned, "nothing removed before our own rules are in place");
        finish(events, SyncLoop.Outcome.SYNCED);
        finish(events, SyncLoop.Outcome.SYNCED);
        assertEquals(List.of("iptables-legacy"), cleaned, "iptables-nft is unavailable; each only once");
    }

    @Test
    void iptablesRemovesTheOtherModeAndNftables() {
        assertEquals(List.of("iptables-nft", "nftables"), ForeignRules.otherIds(new BackendInfo("iptables", "legacy", "")));
        assertEquals(List.of("iptables-legacy", "nftables"), ForeignRules.otherIds(new BackendInfo("iptables-nft", "nft", "")));
        SyncEvents events = ForeignRules.forChosen(new BackendInfo("iptables", "nft", "v1.8.9"), all(), context);
        finish(events, SyncLoop.Outcome.CONFIG_INVALID);
        assertEquals(List.of("iptables-legacy", "nftables"), cleaned);
    }

    @Test
    void dryRunAndPluginsNeverTouchOtherBackends() {
        finish(ForeignRules.forChosen(new BackendInfo("dryrun", "none", ""), all(), context), SyncLoop.Outcome.SYNCED);
        finish(ForeignRules.forChosen(new BackendInfo("plugin-x", "x", ""), all(), context), SyncLoop.Outcome.SYNCED);
        assertEquals(List.of(), cleaned);
    }
}
