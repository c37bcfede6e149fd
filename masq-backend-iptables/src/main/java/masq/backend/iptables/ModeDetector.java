package masq.backend.iptables;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import masq.api.IpFamily;
import masq.api.spi.CommandRunner;

/**
 * Picks legacy or nft the way kubernetes-sigs/iptables-wrappers does, so the agent writes where kubelet
 * and kube-proxy write: kubelet's canary chains in the nft mangle table, then in the legacy one; else the
 * mode holding more rules (legacy only if strictly more); else nft. Only runs the save tools (read-only);
 * a tool that is missing or fails counts as an empty table, like the wrapper's {@code || true}.
 *
 * <p>Unlike the wrapper, it never names a legacy table that does not exist: {@code iptables-legacy-save -t
 * mangle} would create the legacy mangle table on a node that has none (and then every
 * {@code iptables-nft-save} there warns about legacy tables). Legacy tables are read only when
 * {@link LegacyTables} lists them; nft's save tools never create what they read.
 */
final class ModeDetector {
    private static final Logger LOG = LoggerFactory.getLogger(ModeDetector.class);
    private static final Pattern HINT = Pattern.compile("(?m)^:(KUBE-IPTABLES-HINT|KUBE-KUBELET-CANARY)\\b");
    private static final Pattern RULE_LINE = Pattern.compile("(?m)^-");

    private final CommandRunner runner;
    private final Duration timeout;
    private final LegacyTables legacy;

    ModeDetector(CommandRunner runner, Duration timeout, LegacyTables legacy) {
        this.runner = runner;
        this.timeout = timeout;
        this.legacy = legacy;
    }

    /** The mode and a sentence saying why, for the start-up log. */
    record Detection(IptablesMode mode, String reason) {
    }

    Detection detect() {
        for (IptablesMode mode : List.of(IptablesMode.NFT, IptablesMode.LEGACY)) {
            if (HINT.matcher(save(mode, Optional.of("mangle"))).find()) {
                return new Detection(mode, "kubelet's KUBE-IPTABLES-HINT/KUBE-KUBELET-CANARY chain found in the "
                        + mode.label() + " mangle table");
            }
        }
        long legacyRules = RULE_LINE.matcher(save(IptablesMode.LEGACY, Optional.empty())).results().count();
        long nftRules = RULE_LINE.matcher(save(IptablesMode.NFT, Optional.empty())).results().count();
        if (legacyRules > nftRules) {
            return new Detection(IptablesMode.LEGACY, "no kubelet hint chain; legacy holds more rules (" + legacyRules
                    + " vs " + nftRules + ")");
        }
        return new Detection(IptablesMode.NFT, "no kubelet hint chain; nft holds " + nftRules + " rules, legacy " + legacyRules
                + " (nft is the default)");
    }

    /** Both families' save output of one table (empty: every table) in one mode. */
    private String save(IptablesMode mode, Optional<String> table) {
        StringBuilder out = new StringBuilder();
        for (IpFamily family : IpFamily.values()) {
            for (List<String> args : reads(mode, family, table)) {
                List<String> argv = new ArrayList<>(List.of(mode.binary(family, IptablesMode.Tool.SAVE)));
                argv.addAll(args);
                try {
                    CommandRunner.Result r = runner.run(argv, "", timeout);
                    if (r.ok()) {
                        out.append(r.stdout()).append('\n');
                    }
                } catch (IOException e) {
                    // Missing binary, timeout, runaway output: the wrapper treats it as no rules in that mode.
                    LOG.debug("mode detection: {} failed: {}", argv, e.toString());
                }
            }
        }
        return out.toString();
    }

    /**
     * The save arguments to run. nft: {@code -t <table>}, or none for a whole save. Legacy: {@code -t <t>}
     * for each table asked for that exists; nothing at all when none does.
     */
    private List<List<String>> reads(IptablesMode mode, IpFamily family, Optional<String> table) {
        if (mode == IptablesMode.NFT) {
            return List.of(table.map(t -> List.of("-t", t)).orElse(List.of()));
        }
        Set<String> existing;
        try {
            existing = legacy.existing(family);
        } catch (IOException e) {
            LOG.warn("mode detection: cannot tell which legacy {} tables exist ({}); counting none", family, e.getMessage());
            return List.of();
        }
        return existing.stream().filter(t -> table.isEmpty() || table.get().equals(t)).map(t -> List.of("-t", t)).toList();
    }
}
