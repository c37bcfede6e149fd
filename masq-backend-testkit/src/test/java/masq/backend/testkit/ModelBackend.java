package masq.backend.testkit;

import java.util.ArrayList;
import java.util.List;
import masq.api.Cidr;
import masq.api.IpAddress;
import masq.api.IpFamily;
import masq.api.MasqPolicy;
import masq.api.spi.BackendInfo;
import masq.api.spi.FirewallBackend;
import masq.api.spi.Rendering;
import masq.api.spi.SyncResult;

/**
 * A minimal backend over an in-memory rule list, used to test the contract itself. Each {@link Flaw}
 * breaks one promise, so the suite can be shown to catch it.
 */
final class ModelBackend implements FirewallBackend {
    /** A deliberate bug. */
    enum Flaw { NONE, ALWAYS_CHANGED, FORGETS_LINK_LOCAL, CLEANUP_DOES_NOTHING, CLEANUP_ALWAYS_CHANGED, CLEANUP_CREATES_STATE }

    /** The fake kernel: rule lines, first match wins ({@code masq|return <cidr>} or {@code masq all}). */
    static final class Kernel {
        final List<String> rules = new ArrayList<>();

        boolean masquerades(IpAddress dst) {
            for (String rule : rules) {
                String[] f = rule.split(" ");
                if (f[1].equals("all") || Cidr.parse(f[1]).contains(dst)) {
                    return f[0].equals("masq");
                }
            }
            return false;
        }
    }

    private final Kernel kernel;
    private final Flaw flaw;

    ModelBackend(Kernel kernel, Flaw flaw) {
        this.kernel = kernel;
        this.flaw = flaw;
    }

    @Override
    public BackendInfo info() {
        return new BackendInfo("model", "none", "");
    }

    private List<String> lines(MasqPolicy policy) {
        List<String> out = new ArrayList<>();
        for (IpFamily family : IpFamily.values()) {
            if (!policy.enabled(family)) {
                continue;
            }
            policy.masquerade(family).forEach(c -> out.add("masq " + c));
            if (policy.linkLocalExempt(family) && flaw != Flaw.FORGETS_LINK_LOCAL) {
                out.add("return " + family.linkLocal());
            }
            policy.nonMasquerade(family).forEach(c -> out.add("return " + c));
        }
        out.add("masq all");
        return out;
    }

    @Override
    public Rendering render(MasqPolicy policy) {
        return new Rendering(List.of(new Rendering.Payload("model", String.join("\n", lines(policy)) + "\n")));
    }

    @Override
    public SyncResult sync(MasqPolicy policy) {
        List<String> wanted = lines(policy);
        if (wanted.equals(kernel.rules) && flaw != Flaw.ALWAYS_CHANGED) {
            return SyncResult.unchanged();
        }
        kernel.rules.clear();
        kernel.rules.addAll(wanted);
        return new SyncResult(true, wanted.size() + " rules");
    }

    @Override
    public SyncResult cleanup() {
        if (kernel.rules.isEmpty()) {
            if (flaw == Flaw.CLEANUP_CREATES_STATE) {
                kernel.rules.add("return 192.0.2.0/24"); // like a tool that creates the table it reads
            }
            return flaw == Flaw.CLEANUP_ALWAYS_CHANGED ? new SyncResult(true, "removed") : SyncResult.nothingRemoved();
        }
        int removed = kernel.rules.size();
        if (flaw != Flaw.CLEANUP_DOES_NOTHING) {
            kernel.rules.clear();
        }
        return new SyncResult(true, removed + " rules removed");
    }
}
