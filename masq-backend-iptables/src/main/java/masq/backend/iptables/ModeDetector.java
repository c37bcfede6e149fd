package masq.backend.iptables;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import masq.api.IpFamily;
import masq.api.spi.CommandRunner;

/**
 * Picks legacy or nft the way kubernetes-sigs/iptables-wrappers does, so the agent writes where kubelet
 * and kube-proxy write: kubelet's canary chains in the nft mangle table, then in the legacy one; else the
 * mode holding more rules (legacy only if strictly more); else nft. Only runs the save tools (read-only);
 * a tool that is missing or fails counts as an empty table, like the wrapper's {@code || true}.
 */
final class ModeDetector {
    private static final Pattern HINT = Pattern.compile("(?m)^:(KUBE-IPTABLES-HINT|KUBE-KUBELET-CANARY)\\b");
    private static final Pattern RULE_LINE = Pattern.compile("(?m)^-");

    private final CommandRunner runner;
    private final Duration timeout;

    ModeDetector(CommandRunner runner, Duration timeout) {
        this.runner = runner;
        this.timeout = timeout;
    }

    /** The mode and a sentence saying why, for the start-up log. */
    record Detection(IptablesMode mode, String reason) {
    }

    Detection detect() {
        for (IptablesMode mode : List.of(IptablesMode.NFT, IptablesMode.LEGACY)) {
            if (HINT.matcher(saveBoth(mode, List.of("-t", "mangle"))).find()) {
                return new Detection(mode, "kubelet's KUBE-IPTABLES-HINT/KUBE-KUBELET-CANARY chain found in the "
                        + mode.label() + " mangle table");
            }
        }
        long legacy = RULE_LINE.matcher(saveBoth(IptablesMode.LEGACY, List.of())).results().count();
        long nft = RULE_LINE.matcher(saveBoth(IptablesMode.NFT, List.of())).results().count();
        if (legacy > nft) {
            return new Detection(IptablesMode.LEGACY, "no kubelet hint chain; legacy holds more rules (" + legacy + " vs " + nft + ")");
        }
        return new Detection(IptablesMode.NFT, "no kubelet hint chain; nft holds " + nft + " rules, legacy " + legacy
                + " (nft is the default)");
    }

    private String saveBoth(IptablesMode mode, List<String> args) {
        StringBuilder out = new StringBuilder();
        for (IpFamily family : IpFamily.values()) {
            List<String> argv = new java.util.ArrayList<>(List.of(mode.binary(family, IptablesMode.Tool.SAVE)));
            argv.addAll(args);
            try {
                CommandRunner.Result r = runner.run(argv, "", timeout);
                if (r.ok()) {
                    out.append(r.stdout()).append('\n');
                }
            } catch (IOException e) {
                // Missing binary or timeout: the wrapper treats it as no rules in that mode.
            }
        }
        return out.toString();
    }
}
