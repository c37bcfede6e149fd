package masq.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import masq.api.Cidr;
import masq.api.spi.ConfigDocument;
import masq.config.CidrEntry;
import masq.config.ConfigSettings;
import masq.config.ConflictPolicy;
import masq.config.EffectiveConfig;
import masq.config.LoadResult;

/**
 * Config bytes through parse, validate, merge and every backend's render ({@link FuzzInput} says how bytes
 * become files and flags). Run as regression tests over the committed inputs in {@code ConfigFuzzTestInputs/}
 * by every build; fuzzed by {@code scripts/fuzz.sh}.
 */
class ConfigFuzzTest {

    /** One file: the engine's promises ({@link ConfigChecks}) and, when valid, every backend's ({@link RenderChecks}). */
    @FuzzTest(maxDuration = "30s")
    void oneFile(byte[] data) {
        check(FuzzInput.oneFile(data));
    }

    /**
     * Several files: as {@link #oneFile}, plus the merge: a valid merge needs every file valid on its own, and
     * its CIDRs are exactly the union of the files' own (first-seen order, repeats dropped, nothing invented).
     */
    @FuzzTest(maxDuration = "30s")
    void severalFiles(byte[] data) {
        FuzzInput in = FuzzInput.severalFiles(data);
        LoadResult merged = check(in);
        if (merged.valid() && in.documents().size() > 1) {
            merge(in, merged.config().orElseThrow());
        }
    }

    static LoadResult check(FuzzInput in) {
        LoadResult result = ConfigChecks.load(in.documents(), in.settings());
        result.config().ifPresent(c -> RenderChecks.all(RenderChecks.policy(c, in)));
        return result;
    }

    private static void merge(FuzzInput in, EffectiveConfig merged) {
        // WARN: a conflict between files never makes an error that a file alone would not have.
        ConfigSettings alone = new ConfigSettings(in.ipv6(), in.allReservedRanges(), ConflictPolicy.WARN, Duration.ofSeconds(60));
        Set<Cidr> nonMasq = new LinkedHashSet<>();
        Set<Cidr> masq = new LinkedHashSet<>();
        boolean anySets = false;
        Optional<Duration> shortest = Optional.empty();
        for (ConfigDocument d : in.documents()) {
            LoadResult own = ConfigChecks.load(List.of(d), alone);
            Check.that(own.valid(), () -> "the merge is valid but " + d.name() + " alone is not: " + own.problems());
            EffectiveConfig c = own.config().orElseThrow();
            List<CidrEntry> entries = new ArrayList<>(c.nonMasquerade());
            entries.addAll(c.covered());
            if (entries.stream().noneMatch(e -> e.file().equals("(default)"))) {
                anySets = true;
                entries.forEach(e -> nonMasq.add(e.cidr()));
            }
            c.masquerade().forEach(e -> masq.add(e.cidr()));
        }
        Set<Cidr> mergedNonMasq = new LinkedHashSet<>();
        merged.nonMasquerade().forEach(e -> mergedNonMasq.add(e.cidr()));
        merged.covered().forEach(e -> mergedNonMasq.add(e.cidr()));
        Set<Cidr> mergedMasq = new LinkedHashSet<>();
        merged.masquerade().forEach(e -> mergedMasq.add(e.cidr()));
        Check.that(mergedMasq.equals(masq) && List.copyOf(mergedMasq).equals(List.copyOf(masq)),
                () -> "masqueradeCIDRs of the merge are not the union of the files' in order: " + mergedMasq + " vs " + masq);
        if (anySets) {
            Check.that(mergedNonMasq.equals(nonMasq), () -> "nonMasqueradeCIDRs of the merge are not the union of the files': "
                    + mergedNonMasq + " vs " + nonMasq);
        }
        Check.that(merged.files().equals(in.documents().stream().map(ConfigDocument::name).toList()), "files in merge order");
    }
}
