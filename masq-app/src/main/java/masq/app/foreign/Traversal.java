package masq.app.foreign;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import masq.api.Cidr;
import masq.app.foreign.NatRule.Match;
import masq.app.foreign.NatRule.Verdict;

/**
 * Follows a pod's packet to a destination range through one {@link NatHook}, as the kernel would: rules in
 * order, jumps into chains and back, the first translating rule wins. What the agent cannot know about the
 * packet (its source pod, its output interface...) is assumed to match, and named as a condition; the mark is
 * 0 (nobody marked it), the destination is not LOCAL. A rule that may stop the packet (ACCEPT, RETURN) under
 * conditions C hides a later translating rule whose conditions include all of C: every packet reaching the
 * latter would have stopped at the former (flannel's {@code -s POD -d POD -j RETURN} before its
 * {@code -s POD -j MASQUERADE}). Conditions are compared as text; loops are cut after {@link #MAX_DEPTH} jumps.
 */
final class Traversal {
    static final int MAX_DEPTH = 16;

    /**
     * A translating rule the packet can reach.
     *
     * @param entry      1-based position, in the base chain, of the rule the path leaves it by
     * @param rule       the MASQUERADE/SNAT rule
     * @param conditions what must also hold (unknown matches on the way), empty when nothing
     */
    record Hit(int entry, NatRule rule, List<String> conditions) {
    }

    private enum Tri { YES, NO, MAYBE }

    private sealed interface Step permits Translated, Stopped, Returned {
    }

    private record Translated(NatRule rule, List<String> conditions) implements Step {
    }

    private record Stopped() implements Step {
    }

    private record Returned() implements Step {
    }

    private Traversal() {
    }

    /** Where a packet to {@code destination} is first translated in {@code hook}, ignoring the rules {@code skip} names. */
    static Optional<Hit> first(NatHook hook, Cidr destination, Predicate<NatRule> skip) {
        List<NatRule> base = hook.base();
        List<Set<String>> excluded = new ArrayList<>();
        for (int i = 0; i < base.size(); i++) {
            NatRule r = base.get(i);
            if (skip.test(r)) {
                continue;
            }
            Step s = step(hook, r, destination, skip, new ArrayList<>(), excluded, 0);
            if (s instanceof Translated t) {
                return Optional.of(new Hit(i + 1, t.rule(), t.conditions()));
            }
            if (s instanceof Stopped || s instanceof Returned) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Every translating rule reachable from the base chain, each with the first base-chain entry leading to it. */
    static Map<NatRule, Integer> reachable(NatHook hook, Predicate<NatRule> skip) {
        Map<NatRule, Integer> out = new LinkedHashMap<>();
        List<NatRule> base = hook.base();
        for (int i = 0; i < base.size(); i++) {
            if (!skip.test(base.get(i))) {
                collect(hook, base.get(i), i + 1, out, 0);
            }
        }
        return out;
    }

    private static void collect(NatHook hook, NatRule r, int entry, Map<NatRule, Integer> out, int depth) {
        if (r.verdict().translates()) {
            out.putIfAbsent(r, entry);
        } else if (r.target().isPresent() && depth < MAX_DEPTH) {
            hook.chains().getOrDefault(r.target().get(), List.of()).forEach(sub -> collect(hook, sub, entry, out, depth + 1));
        }
    }

    /** One rule: null when the packet goes on to the next rule. */
    private static Step step(NatHook hook, NatRule r, Cidr dst, Predicate<NatRule> skip, List<String> conditions,
                             List<Set<String>> excluded, int depth) {
        List<String> unknown = new ArrayList<>(conditions);
        Tri m = matches(r, dst, unknown);
        if (m == Tri.NO) {
            return null;
        }
        boolean sure = m == Tri.YES;
        if (!sure && (r.verdict() == Verdict.ACCEPT || r.verdict() == Verdict.RETURN || r.verdict() == Verdict.DROP)) {
            excluded.add(Set.copyOf(unknown));
        }
        return switch (r.verdict()) {
            case MASQUERADE, SNAT -> excluded.stream().anyMatch(unknown::containsAll) ? null : new Translated(r, unknown);
            case ACCEPT, DROP -> sure ? new Stopped() : null;
            case RETURN -> sure ? new Returned() : null;
            case CONTINUE -> null;
            case JUMP, GOTO -> {
                if (depth >= MAX_DEPTH) {
                    yield null;
                }
                Step sub = chain(hook, r.target().orElseThrow(), dst, skip, unknown, new ArrayList<>(excluded), depth + 1);
                if (sub instanceof Translated || (sure && sub instanceof Stopped)) {
                    yield sub;
                }
                // a goto's chain returning returns from this chain too
                yield sure && r.verdict() == Verdict.GOTO ? new Returned() : null;
            }
        };
    }

    private static Step chain(NatHook hook, String chain, Cidr dst, Predicate<NatRule> skip, List<String> conditions,
                              List<Set<String>> excluded, int depth) {
        for (NatRule r : hook.chains().getOrDefault(chain, List.of())) {
            if (skip.test(r)) {
                continue;
            }
            Step s = step(hook, r, dst, skip, conditions, excluded, depth);
            if (s != null) {
                return s;
            }
        }
        return new Returned();
    }

    /** All matches of a rule for this packet; unknown ones are added to {@code unknown}. */
    private static Tri matches(NatRule r, Cidr dst, List<String> unknown) {
        Tri all = Tri.YES;
        List<String> added = new ArrayList<>();
        for (Match m : r.matches()) {
            Tri t = match(m, dst);
            if (t == Tri.NO) {
                return Tri.NO;
            }
            if (t == Tri.MAYBE) {
                all = Tri.MAYBE;
                added.add(m.kind() == Match.Kind.DESTINATION ? (m.negated() ? "not to " : "to ") + m.cidr() : m.text());
            }
        }
        unknown.addAll(added);
        return all;
    }

    private static Tri match(Match m, Cidr dst) {
        return switch (m.kind()) {
            case FAMILY -> m.family() == dst.family() ? Tri.YES : Tri.NO;
            case MARK -> ((0 & m.markMask()) == m.markValue()) != m.negated() ? Tri.YES : Tri.NO;
            case DESTINATION_LOCAL -> m.negated() ? Tri.YES : Tri.NO;
            case CONDITION -> Tri.MAYBE;
            case DESTINATION -> {
                if (m.cidr().family() != dst.family()) {
                    yield Tri.NO;
                }
                if (m.cidr().contains(dst)) {
                    yield m.negated() ? Tri.NO : Tri.YES;
                }
                yield dst.contains(m.cidr()) ? Tri.MAYBE : m.negated() ? Tri.YES : Tri.NO;
            }
        };
    }
}
