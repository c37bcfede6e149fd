package masq.backend.nftables;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import masq.api.Cidr;
import masq.api.IpFamily;
import masq.api.MasqPolicy;
import masq.api.PortRange;
import masq.backend.nftables.NftObject.Chain;
import masq.backend.nftables.NftObject.NftSet;
import masq.backend.nftables.NftObject.Rule;
import masq.backend.nftables.NftObject.Table;
import masq.backend.nftables.NftObject.TableRef;

/**
 * Pure: {@link MasqPolicy} to the objects of our table. The ruleset, as {@code nft list} prints it:
 * <pre>
 * table inet ip-masq-agent {
 *   set nonmasq-ipv4 { type ipv4_addr; flags interval; elements = { 10.0.0.0/8, 169.254.0.0/16, ... }; }
 *   set masq-ipv4    { type ipv4_addr; flags interval; elements = { masqueradeCIDRs } }
 *   chain postrouting {
 *     type nat hook postrouting priority srcnat; policy accept;
 *     fib daddr type local return                 # iptables: -m addrtype ! --dst-type LOCAL on the jump
 *     ip daddr @masq-ipv4 goto masq               # masqueradeCIDRs first (MasqPolicy order)
 *     ip daddr @nonmasq-ipv4 return               # link-local (when exempt) + nonMasqueradeCIDRs
 *     meta nfproto ipv4 goto masq                 # per enabled family: a disabled family is left alone
 *   }
 *   chain masq {
 *     meta l4proto tcp numgen random mod R lt S masquerade to :A-B fully-random   # --to-ports, see below
 *     masquerade fully-random
 *   }
 * }
 * </pre>
 * Link-local sits in the non-masquerade set: the set answers "keep the pod address" in one lookup,
 * and masqueradeCIDRs are tested before it, exactly as {@link MasqPolicy#decide} orders them.
 * Interval sets without {@code auto-merge} reject overlapping elements, and CIDRs either nest or are
 * disjoint, so nested CIDRs are collapsed into the covering one (same verdict, see {@link #collapse}).
 */
final class NftRenderer {

    static final TableRef TABLE = new TableRef("inet", "ip-masq-agent");
    static final String BASE_CHAIN = "postrouting";
    static final String MASQ_CHAIN = "masq";
    static final String BASE_HEADER = "type nat hook postrouting priority srcnat; policy accept;";

    static final String C_TABLE = "ip-masq-agent: masquerade pod traffic leaving the node (managed; do not edit)";
    static final String C_NONMASQ_SET = "ip-masq-agent: destinations not subject to MASQUERADE";
    static final String C_MASQ_SET = "ip-masq-agent: destinations always subject to MASQUERADE";
    static final String C_LOCAL = "ip-masq-agent: LOCAL destinations are not subject to MASQUERADE";
    static final String C_MASQ_CIDRS = "ip-masq-agent: masqueradeCIDRs are subject to MASQUERADE";
    static final String C_NONMASQ = "ip-masq-agent: local traffic is not subject to MASQUERADE";
    static final String C_OUTBOUND = "ip-masq-agent: outbound traffic is subject to MASQUERADE";
    static final String C_TO_PORTS = "ip-masq-agent: outbound traffic is subject to MASQUERADE (to-ports)";
    static final String C_MASQ = "ip-masq-agent: outbound traffic is subject to MASQUERADE (must be last in chain)";

    private static final List<String> PROTOCOLS = List.of("tcp", "udp", "sctp");

    private NftRenderer() {
    }

    /** Every object of our table, in the order they are added. */
    static List<NftObject> objects(MasqPolicy policy) {
        return objects(policy, contents(policy));
    }

    /**
     * What each set holds: set name to its CIDRs, collapsed, in address order. Kept apart from the objects so
     * that a change of policy can be compared set by set without writing 10 000 CIDRs as text again.
     */
    static SortedMap<String, List<Cidr>> contents(MasqPolicy policy) {
        SortedMap<String, List<Cidr>> out = new TreeMap<>();
        for (IpFamily f : policy.families()) {
            List<Cidr> nonMasq = new ArrayList<>(policy.nonMasquerade(f));
            if (policy.linkLocalExempt(f)) {
                nonMasq.add(f.linkLocal());
            }
            out.put(setName("nonmasq", f), collapse(nonMasq));
            out.put(setName("masq", f), collapse(policy.masquerade(f)));
        }
        return out;
    }

    /**
     * The objects of our table with the sets holding {@code contents} (a set missing there is empty): with
     * no contents at all, the structure that two policies must share for an element transaction to do.
     */
    static List<NftObject> objects(MasqPolicy policy, Map<String, List<Cidr>> contents) {
        List<NftObject> out = new ArrayList<>();
        out.add(new Table(TABLE, Optional.of(C_TABLE)));
        List<IpFamily> families = policy.families().stream().sorted().toList();
        for (IpFamily f : families) {
            String nonMasq = setName("nonmasq", f);
            String masq = setName("masq", f);
            addSet(out, nonMasq, f, C_NONMASQ_SET, contents.getOrDefault(nonMasq, List.of()));
            addSet(out, masq, f, C_MASQ_SET, contents.getOrDefault(masq, List.of()));
        }
        out.add(new Chain(TABLE, BASE_CHAIN, Optional.of(BASE_HEADER)));
        out.add(new Chain(TABLE, MASQ_CHAIN, Optional.empty()));
        out.add(rule(BASE_CHAIN, "fib daddr type local return", C_LOCAL));
        for (IpFamily f : families) {
            String daddr = (f == IpFamily.IPV4 ? "ip" : "ip6") + " daddr @";
            out.add(rule(BASE_CHAIN, daddr + setName("masq", f) + " goto " + MASQ_CHAIN, C_MASQ_CIDRS));
            out.add(rule(BASE_CHAIN, daddr + setName("nonmasq", f) + " return", C_NONMASQ));
            out.add(rule(BASE_CHAIN, "meta nfproto " + nfproto(f) + " goto " + MASQ_CHAIN, C_OUTBOUND));
        }
        String flags = policy.randomFully() ? " fully-random" : "";
        out.addAll(toPortsRules(policy.toPorts(), flags));
        out.add(rule(MASQ_CHAIN, "masquerade" + flags, C_MASQ));
        return out;
    }

    /**
     * {@code --to-ports}, weighted like the iptables backend: for each protocol and each range in order,
     * the range is taken with probability size/remaining (iptables: {@code -m statistic --probability}),
     * the last range unconditionally. {@code numgen random mod R lt S} is true for S of R equally likely
     * values, so each range gets exactly size/total of the new flows (iptables rounds p to 31 bits).
     */
    static List<Rule> toPortsRules(List<PortRange> ranges, String flags) {
        List<Rule> out = new ArrayList<>();
        long total = ranges.stream().mapToLong(PortRange::size).sum();
        for (String proto : PROTOCOLS) {
            long remaining = total;
            for (int i = 0; i < ranges.size(); i++) {
                PortRange r = ranges.get(i);
                String pick = i == ranges.size() - 1 ? "" : "numgen random mod " + remaining + " < " + r.size() + " ";
                out.add(rule(MASQ_CHAIN, "meta l4proto " + proto + " " + pick + "masquerade to :" + r + flags,
                        C_TO_PORTS));
                remaining -= r.size();
            }
        }
        return out;
    }

    /** The transaction {@code sync} sends: recreate the table atomically (add, delete, add: knftables idiom). */
    static Transaction replace(List<NftObject> objects) {
        Transaction tx = new Transaction();
        Table empty = new Table(TABLE, Optional.empty());
        tx.add(empty).delete(empty);
        objects.forEach(tx::add);
        return tx;
    }

    /**
     * Drops CIDRs covered by another one, duplicates too; returns the rest sorted by address (the order the
     * kernel keeps). Two CIDRs either nest or are disjoint, so after sorting by (network, length) a CIDR is
     * covered exactly when the last one kept contains it: one pass, fine for 10 000 entries.
     */
    static List<Cidr> collapse(List<Cidr> cidrs) {
        List<Cidr> out = new ArrayList<>();
        for (Cidr c : cidrs.stream().sorted().toList()) {
            if (out.isEmpty() || !out.getLast().contains(c)) {
                out.add(c);
            }
        }
        return out;
    }

    static String setName(String kind, IpFamily family) {
        return kind + "-" + nfproto(family);
    }

    static String nfproto(IpFamily family) {
        return family == IpFamily.IPV4 ? "ipv4" : "ipv6";
    }

    private static void addSet(List<NftObject> out, String name, IpFamily f, String comment, List<Cidr> cidrs) {
        out.add(new NftSet(TABLE, name, nfproto(f) + "_addr", List.of("interval"), Optional.of(comment),
                cidrs.stream().map(Cidr::toString).toList()));
    }

    private static Rule rule(String chain, String body, String comment) {
        return new Rule(TABLE, chain, body, Optional.of(comment));
    }
}
