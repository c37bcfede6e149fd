package masq.backend.dryrun;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import masq.api.IpFamily;
import masq.api.MasqPolicy;
import masq.api.spi.BackendInfo;
import masq.api.spi.FirewallBackend;
import masq.api.spi.Rendering;
import masq.api.spi.SyncResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the last "applied" rule program in memory, as a fake kernel would, and logs what a real backend
 * would have changed. Its state is per instance: a new agent starts from an empty "kernel".
 */
final class DryRunBackend implements FirewallBackend {
    private static final Logger LOG = LoggerFactory.getLogger(DryRunBackend.class);

    private final Map<IpFamily, List<String>> applied = new EnumMap<>(IpFamily.class);

    @Override
    public BackendInfo info() {
        return new BackendInfo(DryRunBackendProvider.ID, "none", "");
    }

    @Override
    public Rendering render(MasqPolicy policy) {
        List<Rendering.Payload> payloads = new ArrayList<>();
        for (IpFamily family : IpFamily.values()) {
            if (policy.enabled(family)) {
                payloads.add(new Rendering.Payload("dryrun " + family.displayName(), RuleProgram.text(policy, family)));
            }
        }
        return new Rendering(payloads);
    }

    @Override
    public SyncResult sync(MasqPolicy policy) {
        List<String> summary = new ArrayList<>();
        for (IpFamily family : IpFamily.values()) {
            List<String> wanted = policy.enabled(family) ? RuleProgram.lines(policy, family) : List.of();
            List<String> before = applied.getOrDefault(family, List.of());
            if (wanted.equals(before)) {
                continue;
            }
            LineDiff diff = LineDiff.of(before, wanted);
            LOG.info("dry-run: {} rules that would be applied ({} rules):\n{}", family, wanted.size(),
                    String.join("\n", wanted));
            if (!before.isEmpty()) {
                LOG.info("dry-run: {} change from the previous apply:\n{}", family, diff.text());
            }
            summary.add(family + ": " + wanted.size() + " rules (+" + diff.added() + " -" + diff.removed() + ")");
            if (wanted.isEmpty()) {
                applied.remove(family);
            } else {
                applied.put(family, List.copyOf(wanted));
            }
        }
        return summary.isEmpty() ? SyncResult.unchanged() : new SyncResult(true, "dry-run " + String.join(", ", summary));
    }

    /** Forgets the in-memory "applied" rules; changed when there were any. Never touches the kernel. */
    @Override
    public SyncResult cleanup() {
        if (applied.isEmpty()) {
            return SyncResult.nothingRemoved();
        }
        int rules = applied.values().stream().mapToInt(List::size).sum();
        LOG.info("dry-run: cleanup would remove every rule this agent owns: the {} rules applied so far", rules);
        applied.clear();
        return new SyncResult(true, "dry-run: " + rules + " rules removed");
    }
}
