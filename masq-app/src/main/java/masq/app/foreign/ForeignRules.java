package masq.app.foreign;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import masq.api.Cidr;
import masq.api.IpAddress;
import masq.api.IpFamily;
import masq.api.MasqPolicy;
import masq.app.foreign.Finding.Order;

/**
 * Everyone's nat postrouting rules on the node, read once, and what they mean for our policy: which
 * foreign rules masquerade pod traffic ({@link #findings}), and whether one masquerades a given destination
 * ({@link #masquerading}). Pure over what {@link #read} got; never changes a rule.
 */
public final class ForeignRules {
    /** The Go agents' and our POSTROUTING jump comment starts so; another agent's jump is told apart by ruleset. */
    static final String AGENT_COMMENT = "ip-masq-agent:";

    private final List<NatHook> hooks;
    private final Optional<String> ours;

    /**
     * @param hooks every nat postrouting base chain read
     * @param ours  the ruleset our backend writes ({@code iptables-legacy}, {@code iptables-nft}, {@code nftables}),
     *              empty for one that writes none (dryrun)
     */
    ForeignRules(List<NatHook> hooks, Optional<String> ours) {
        this.hooks = hooks.stream().sorted(Comparator.comparingInt(NatHook::priority)).toList();
        this.ours = ours;
    }

    /**
     * Reads the nat postrouting rules of every ruleset, read only: iptables-legacy only where its nat table
     * exists, iptables-nft, and nftables (without our own table and without iptables-nft's, read above).
     */
    public static ForeignRules read(NatReader reader, Optional<String> ours, Set<IpFamily> families) throws IOException {
        List<NatHook> hooks = new ArrayList<>();
        Set<String> skip = new LinkedHashSet<>(Set.of("inet ip-masq-agent"));
        for (IpFamily family : families) {
            for (String ruleset : List.of("iptables-legacy", "iptables-nft")) {
                Optional<String> save = reader.iptablesNat(ruleset, family);
                if (save.isPresent()) {
                    hooks.add(IptablesNat.parse(ruleset, family, save.get()));
                    if (ruleset.equals("iptables-nft")) {
                        skip.add((family == IpFamily.IPV4 ? "ip" : "ip6") + " nat");
                    }
                }
            }
        }
        reader.nftRuleset().ifPresent(listing -> hooks.addAll(NftNat.parse(listing, skip).stream()
                .filter(h -> h.family().map(families::contains).orElse(true)).toList()));
        return new ForeignRules(hooks, ours);
    }

    /** Every foreign translating rule, in hook priority order; {@link Finding#conflict()} tells which matter. */
    public List<Finding> findings(MasqPolicy policy) {
        List<Finding> out = new ArrayList<>();
        for (NatHook hook : hooks) {
            Predicate<NatRule> skip = ourJump(hook, policy);
            List<Cidr> exempt = exempt(policy, hook);
            for (Map.Entry<NatRule, Integer> e : Traversal.reachable(hook, skip).entrySet()) {
                List<Cidr> shadowed = new ArrayList<>();
                Set<String> conditions = new LinkedHashSet<>();
                for (Cidr c : exempt) {
                    Traversal.first(hook, c, skip).filter(h -> h.rule().equals(e.getKey())).ifPresent(h -> {
                        shadowed.add(c);
                        conditions.addAll(h.conditions());
                    });
                }
                out.add(finding(hook, policy, e.getKey(), e.getValue(), shadowed, List.copyOf(conditions)));
            }
        }
        return out;
    }

    /** The first foreign rule (by hook priority) that masquerades a pod's packet to {@code destination}. */
    public Optional<Finding> masquerading(IpAddress destination, MasqPolicy policy) {
        return masquerading(IptablesNat.single(destination), policy);
    }

    /** The same for a range: a rule that masquerades (part of) it, the part named as a condition. */
    public Optional<Finding> masquerading(Cidr single, MasqPolicy policy) {
        for (NatHook hook : hooks) {
            if (hook.family().map(f -> f == single.family()).orElse(true)) {
                Optional<Traversal.Hit> hit = Traversal.first(hook, single, ourJump(hook, policy));
                if (hit.isPresent()) {
                    return Optional.of(finding(hook, policy, hit.get().rule(), hit.get().entry(), List.of(single),
                            hit.get().conditions()));
                }
            }
        }
        return Optional.empty();
    }

    private Finding finding(NatHook hook, MasqPolicy policy, NatRule rule, int entry, List<Cidr> shadowed,
                            List<String> conditions) {
        NatRule first = hook.base().get(entry - 1);
        String where = hook.describe() + " rule " + entry + (rule.chain().equals(hook.chain()) ? "" : " -> " + rule.chain());
        return new Finding(Owners.kind(hook, first, rule), where, rule.text(), order(hook, policy, entry), shadowed, conditions);
    }

    private Order order(NatHook hook, MasqPolicy policy, int entry) {
        if (ours.isEmpty()) {
            return Order.UNKNOWN;
        }
        if (ours.get().equals(hook.ruleset()) && hook.iptables()) {
            List<NatRule> base = hook.base();
            for (int i = 0; i < base.size(); i++) {
                if (ourJump(hook, policy).test(base.get(i))) {
                    return entry <= i ? Order.FIRST : Order.AFTER;
                }
            }
            return Order.UNKNOWN;
        }
        return hook.priority() < NatHook.SRCNAT ? Order.FIRST
                : hook.priority() > NatHook.SRCNAT ? Order.AFTER : Order.SAME_PRIORITY;
    }

    /** Our own jump (in the ruleset we write): skipped, since we are asking what everyone else does. */
    private Predicate<NatRule> ourJump(NatHook hook, MasqPolicy policy) {
        boolean mine = ours.map(hook.ruleset()::equals).orElse(false);
        return r -> mine && r.chain().equals(hook.chain()) && r.target().map(policy.chain()::equals).orElse(false);
    }

    private static List<Cidr> exempt(MasqPolicy policy, NatHook hook) {
        List<Cidr> out = new ArrayList<>();
        for (IpFamily f : policy.families()) {
            if (hook.family().map(f::equals).orElse(true)) {
                out.addAll(policy.nonMasquerade(f));
                if (policy.linkLocalExempt(f)) {
                    out.add(f.linkLocal());
                }
            }
        }
        return out;
    }
}
