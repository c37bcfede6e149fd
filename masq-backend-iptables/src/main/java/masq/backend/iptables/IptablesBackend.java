package masq.backend.iptables;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import masq.api.IpFamily;
import masq.api.MasqPolicy;
import masq.api.spi.BackendException;
import masq.api.spi.BackendInfo;
import masq.api.spi.FirewallBackend;
import masq.api.spi.Rendering;
import masq.api.spi.SyncResult;

/**
 * The iptables backend of one mode: per family, read {@code iptables-save -t nat}, plan, and write at
 * most one {@code iptables-restore --noflush} payload. A sync with nothing to change writes nothing: it
 * costs one save per family (legacy), or two single-chain listings (nft, after the first sync), which
 * also suffice to plan a rewrite of our chain or jump. A policy change in nft mode lists POSTROUTING only
 * (see {@link #quickPlan}): one listing and one restore per family.
 */
final class IptablesBackend implements FirewallBackend {
    private static final Logger LOG = LoggerFactory.getLogger(IptablesBackend.class);
    /** iptables-save of a nat table nobody has touched: the four built-in chains, empty. */
    private static final SavedTable EMPTY_NAT = SavedTable.parse(
            "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\nCOMMIT\n", "nat");

    private final String id;
    private final Xtables tools;
    private final Optional<ToolVersion> version;
    /** Chains this instance has written, so cleanup finds them even if emptied by someone. */
    private final Set<String> syncedChains = new LinkedHashSet<>();
    private final Set<IpFamily> syncedFamilies = new LinkedHashSet<>();
    /** Families whose whole nat table has been checked once (leftover chains are looked for then). */
    private final Set<IpFamily> checkedFamilies = new LinkedHashSet<>();
    /** Per family, the chain and rules the kernel held after our last sync of it (written or found in sync). */
    private final Map<IpFamily, Chain> known = new EnumMap<>(IpFamily.class);

    /** One chain's name and rules. */
    private record Chain(String name, List<MasqRule> rules) {
    }

    IptablesBackend(String id, Xtables tools, Optional<ToolVersion> version) {
        this.id = id;
        this.tools = tools;
        this.version = version;
    }

    @Override
    public BackendInfo info() {
        return new BackendInfo(id, tools.mode().label(), version.map(ToolVersion::text).orElse(""));
    }

    /** Without a known version (binary missing) --random-fully is assumed supported, as on any current distro. */
    private boolean randomFullySupported() {
        return version.map(ToolVersion::supportsRandomFully).orElse(true);
    }

    @Override
    public Rendering render(MasqPolicy policy) {
        List<Rendering.Payload> payloads = new ArrayList<>();
        for (IpFamily family : IpFamily.values()) {
            if (policy.enabled(family)) {
                Plan plan = SyncPlanner.sync(EMPTY_NAT, policy.chain(), ChainRules.of(policy, family, randomFullySupported()));
                payloads.add(new Rendering.Payload(target(family), plan.payload()));
            }
        }
        return new Rendering(payloads);
    }

    private String target(IpFamily family) {
        return String.join(" ", tools.restoreArgv(family)) + " (" + family + ")";
    }

    @Override
    public SyncResult sync(MasqPolicy policy) throws BackendException {
        Map<IpFamily, Plan> plans = new LinkedHashMap<>();
        Map<IpFamily, List<MasqRule>> wanted = new EnumMap<>(IpFamily.class);
        for (IpFamily family : IpFamily.values()) {
            if (!policy.enabled(family)) {
                continue;
            }
            List<MasqRule> rules = ChainRules.of(policy, family, randomFullySupported());
            wanted.put(family, rules);
            Optional<Plan> quick = quickPlan(family, policy.chain(), rules);
            if (quick.isPresent()) {
                if (quick.get().writes()) {
                    plans.put(family, quick.get());
                } else {
                    known.put(family, new Chain(policy.chain(), rules));
                }
                continue;
            }
            // A legacy nat table that does not exist is empty: no need to read (and so create) it.
            SavedTable nat = tools.saveIfExists(family, "nat").map(t -> SavedTable.parse(t, "nat")).orElse(EMPTY_NAT);
            ChainOwnership.requireTakeover(nat, policy.chain(), family);
            Plan plan = SyncPlanner.sync(nat, policy.chain(), rules);
            if (!plan.writes()) {
                known.put(family, new Chain(policy.chain(), rules));
            }
            plans.put(family, plan);
            checkedFamilies.add(family);
        }
        // Only now, with every family's plan made: a chain refused above is not ours, not even to clean up.
        syncedChains.add(policy.chain());
        List<String> summary = new ArrayList<>();
        boolean changed = false;
        for (Map.Entry<IpFamily, Plan> e : plans.entrySet()) {
            Plan plan = e.getValue();
            plan.warnings().forEach(w -> LOG.warn("{}: {}", e.getKey(), w));
            if (plan.writes()) {
                known.remove(e.getKey());
                tools.restore(e.getKey(), plan.payload());
                known.put(e.getKey(), new Chain(policy.chain(), wanted.get(e.getKey())));
                syncedFamilies.add(e.getKey());
                changed = true;
                summary.add(e.getKey() + ": " + String.join(", ", plan.changes()));
            }
        }
        return changed ? new SyncResult(true, String.join("; ", summary)) : SyncResult.unchanged();
    }

    /**
     * nft mode only, after a first full check of the table: plans from just POSTROUTING and our chain.
     * iptables-nft-save decodes every rule of the table (1.4 s with 50 000 kube-proxy-like rules,
     * measured) while a per-chain listing stays at milliseconds; legacy reads the whole table blob either
     * way, so one save is cheaper there. Empty (use the full save) when a listing fails, e.g. our chain
     * is missing, or when the plan involves another chain ({@link Plan#needsWholeTable()}).
     *
     * <p>When the rules differ from those our last sync left in this chain (a policy change) and POSTROUTING
     * still holds our jump to it, our chain is not listed: whatever it holds now, the change rewrites it whole
     * (a chain line flushes it), so its rules would decide nothing. It was checked as ours when we wrote it,
     * and our jump still names it (ChainOwnership's rule for our own chain). One process fewer per change.
     */
    private Optional<Plan> quickPlan(IpFamily family, String chain, List<MasqRule> rules) throws BackendException {
        if (tools.mode() != IptablesMode.NFT || !checkedFamilies.contains(family)) {
            return Optional.empty();
        }
        Optional<String> postrouting = tools.listChain(family, "POSTROUTING");
        if (postrouting.isEmpty()) {
            return Optional.empty();
        }
        Chain last = known.get(family);
        boolean changed = last != null && last.name().equals(chain) && !last.rules().equals(rules);
        Optional<SavedTable> rewriting = changed ? rewriting(postrouting.get(), chain) : Optional.empty();
        SavedTable listed;
        if (rewriting.isPresent()) {
            listed = rewriting.get();
        } else {
            Optional<String> ours = tools.listChain(family, chain);
            if (ours.isEmpty()) {
                return Optional.empty();
            }
            listed = SavedTable.parseListing(postrouting.get() + "\n" + ours.get());
        }
        ChainOwnership.requireTakeover(listed, chain, family);
        Plan plan = SyncPlanner.sync(listed, chain, rules);
        return plan.needsWholeTable() ? Optional.empty() : Optional.of(plan);
    }

    /** POSTROUTING as listed, with {@code chain} empty (to be rewritten whole), when POSTROUTING holds our jump to it. */
    private static Optional<SavedTable> rewriting(String postrouting, String chain) {
        SavedTable listed = SavedTable.parseListing(postrouting);
        return listed.rules("POSTROUTING").contains(String.join(" ", ChainRules.jump(chain)))
                ? Optional.of(listed.withEmptyChain(chain)) : Optional.empty();
    }

    /**
     * Per family: reads the nat table (in legacy mode only when it exists, see {@link Xtables#saveIfExists}),
     * and removes what is ours in one restore. Nothing ours there: nothing written, {@code changed=false}.
     */
    @Override
    public SyncResult cleanup() throws BackendException {
        known.clear();
        List<String> summary = new ArrayList<>();
        for (IpFamily family : IpFamily.values()) {
            Optional<String> saved;
            try {
                saved = tools.saveIfExists(family, "nat");
            } catch (BackendException e) {
                // A node without IPv6 netfilter cannot hold our IPv6 rules: nothing to clean there.
                if (family == IpFamily.IPV6 && !syncedFamilies.contains(family)) {
                    LOG.info("IPv6 nat table not readable, skipping its cleanup: {}", e.getMessage());
                    continue;
                }
                throw e;
            }
            if (saved.isEmpty()) {
                continue;
            }
            Plan plan = SyncPlanner.cleanup(SavedTable.parse(saved.get(), "nat"), syncedChains);
            plan.warnings().forEach(w -> LOG.warn("{}: {}", family, w));
            if (plan.writes()) {
                tools.restore(family, plan.payload());
                summary.add(family + ": " + String.join(", ", plan.changes()));
            }
        }
        return summary.isEmpty() ? SyncResult.nothingRemoved() : new SyncResult(true, String.join("; ", summary));
    }

    @Override
    public Optional<String> rulesetId() {
        return Optional.of(tools.mode().rulesetId());
    }
}
