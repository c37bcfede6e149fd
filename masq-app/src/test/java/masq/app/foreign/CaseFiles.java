package masq.app.foreign;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import masq.api.Cidr;
import masq.api.IpFamily;
import masq.api.MasqPolicy;

/**
 * A node's nat rules from a case directory under src/test/resources/foreign: {@code iptables-legacy-ipv4.save},
 * {@code iptables-nft-ipv6.save}..., {@code nft.ruleset} (a file that is not there is a table that does not
 * exist), and {@code case.properties} (our ruleset, our policy, the addresses to explain). Every read is counted,
 * so tests see what was read.
 */
final class CaseFiles implements NatReader {
    final Path dir;
    final Properties props = new Properties();
    final List<String> reads = new ArrayList<>();

    CaseFiles(Path dir) throws IOException {
        this.dir = dir;
        props.load(new StringReader(Files.readString(dir.resolve("case.properties"))));
    }

    static Path root() {
        return Path.of(System.getProperty("basedir", "."), "src", "test", "resources", "foreign");
    }

    @Override
    public Optional<String> iptablesNat(String ruleset, IpFamily family) throws IOException {
        reads.add(ruleset + " " + family);
        return file(ruleset + "-" + family.name().toLowerCase(java.util.Locale.ROOT) + ".save");
    }

    @Override
    public Optional<String> nftRuleset() throws IOException {
        reads.add("nft");
        return file("nft.ruleset");
    }

    private Optional<String> file(String name) throws IOException {
        Path p = dir.resolve(name);
        return Files.exists(p) ? Optional.of(Files.readString(p)) : Optional.empty();
    }

    Optional<String> ours() {
        String o = props.getProperty("ours");
        return o.equals("none") ? Optional.empty() : Optional.of(o);
    }

    MasqPolicy policy() {
        Set<IpFamily> families = Boolean.parseBoolean(props.getProperty("ipv6", "false"))
                ? EnumSet.allOf(IpFamily.class) : EnumSet.of(IpFamily.IPV4);
        List<Cidr> nonMasq = Arrays.stream(props.getProperty("nonMasquerade").split(" ")).map(Cidr::parse).toList();
        return new MasqPolicy(families, nonMasq, List.of(), Boolean.parseBoolean(props.getProperty("masqLinkLocal", "false")),
                false, List.of(), true, MasqPolicy.DEFAULT_CHAIN);
    }

    List<String> explain() {
        return List.of(props.getProperty("explain").split(" "));
    }
}
