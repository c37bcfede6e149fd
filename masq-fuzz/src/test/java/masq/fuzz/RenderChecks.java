package masq.fuzz;

import java.util.List;
import java.util.Map;
import masq.api.MasqPolicy;
import masq.api.spi.BackendContext;
import masq.api.spi.BackendException;
import masq.api.spi.CommandRunner;
import masq.api.spi.FirewallBackend;
import masq.api.spi.FirewallBackendProvider;
import masq.api.spi.Rendering;
import masq.backend.dryrun.DryRunBackendProvider;
import masq.backend.iptables.IptablesLegacyProvider;
import masq.backend.iptables.IptablesReadBack;
import masq.backend.nftables.NftReadBack;
import masq.backend.nftables.NftablesBackendProvider;
import masq.config.EffectiveConfig;

/**
 * Every built-in backend's {@code render} (pure) for a valid configuration: deterministic, bounded, only
 * validated values in the text (each backend's payload is checked line by line against what its tool
 * reads), and what we rendered reads back, through the backend's own parser, as the state we wanted.
 */
public final class RenderChecks {
    /** The version queries are the only commands backends run when created; render runs none. */
    private static final CommandRunner VERSIONS = (argv, stdin, timeout) -> switch (String.join(" ", argv)) {
        case "iptables-legacy --version" -> new CommandRunner.Result(0, "iptables v1.8.9 (legacy)\n", "");
        case "nft --version" -> new CommandRunner.Result(0, "nftables v1.0.6 (Lester Gooch #5)\n", "");
        default -> throw new AssertionError("render ran a command: " + argv);
    };
    private static final FirewallBackend DRYRUN = create(new DryRunBackendProvider(), Map.of());
    private static final FirewallBackend IPTABLES = create(new IptablesLegacyProvider(), Map.of());
    private static final FirewallBackend NFTABLES = create(new NftablesBackendProvider(), Map.of("nft-mode", "cli"));

    private RenderChecks() {
    }

    private static FirewallBackend create(FirewallBackendProvider provider, Map<String, String> options) {
        try {
            return provider.create(new BackendContext(VERSIONS, options));
        } catch (BackendException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The policy {@code run} would apply: a valid config always makes one (check and run agree). */
    public static MasqPolicy policy(EffectiveConfig config, FuzzInput in) {
        try {
            return config.toPolicy(in.families(), in.portRanges(), in.randomFully(), in.chain());
        } catch (IllegalArgumentException e) {
            throw new AssertionError("a valid config makes no policy (check says valid, run fails): " + e.getMessage(), e);
        }
    }

    public static void all(MasqPolicy policy) {
        int cidrs = policy.nonMasquerade().size() + policy.masquerade().size();
        for (FirewallBackend backend : List.of(DRYRUN, IPTABLES, NFTABLES)) {
            Rendering first = backend.render(policy);
            Check.that(first.equals(backend.render(policy)), () -> backend.info().id() + ": render is not deterministic");
            long chars = first.payloads().stream().mapToLong(p -> p.text().length()).sum();
            // Linear in the CIDRs: the longest rule line is under 400 characters, and --to-ports adds 3 per range.
            long bound = 4_000L + 400L * (cidrs + 2) * (1 + 3L * policy.toPorts().size());
            Check.that(chars <= bound, () -> backend.info().id() + ": rendered " + chars + " characters, bound " + bound);
            first.payloads().forEach(p -> Check.oneLine(p.target(), "payload target"));
        }
        DryRunText.check(policy, DRYRUN.render(policy));
        IptablesReadBack.check(policy, IPTABLES.render(policy));
        NftReadBack.check(policy, NFTABLES.render(policy));
    }
}
