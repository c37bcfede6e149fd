package example.windows.outboundnat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import masq.api.Cidr;
import masq.api.IpAddress;
import masq.api.spi.BackendContext;
import masq.api.spi.FirewallBackend;
import masq.backend.testkit.BackendContract;
import masq.backend.testkit.BackendFixture;
import org.junit.jupiter.api.Nested;

/**
 * The testkit's conformance suite over each CNI config form. The fake "kernel" is a real file in a
 * temporary directory, starting with an empty exception list; the verdict oracle is "the destination is
 * NATed unless an ExceptionList entry covers it", read back from the file.
 */
class OutboundNatContractTest {

    static BackendFixture fixture(String sample) throws Exception {
        Path dir = Files.createTempDirectory("outboundnat-contract");
        Path file = dir.resolve("10-" + sample);
        Files.writeString(file, CniConfig.parse(sample, Samples.sample(sample)).withExceptions(List.of()));
        BackendContext context = new BackendContext((argv, stdin, timeout) -> {
            throw new AssertionError("this backend runs no commands: " + argv);
        }, Map.of("cni-config", file.toString()));
        FirewallBackend backend = new OutboundNatBackendProvider().create(context);
        return new BackendFixture() {
            @Override
            public FirewallBackend backend() {
                return backend;
            }

            /** The file, plus every name in the directory: a leftover temporary file shows. */
            @Override
            public String state() throws Exception {
                try (Stream<Path> names = Files.list(dir)) {
                    return names.map(p -> p.getFileName().toString()).sorted().toList() + "\n" + Files.readString(file);
                }
            }

            @Override
            public boolean masquerades(IpAddress destination) throws Exception {
                List<String> exceptions = CniConfig.parse("state", Files.readString(file)).exceptions();
                return exceptions.stream().map(Cidr::parse).noneMatch(c -> c.contains(destination));
            }

            @Override
            public void close() throws Exception {
                backend.close();
                try (Stream<Path> all = Files.walk(dir)) {
                    for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        };
    }

    @Nested
    class SeedV1ExceptionList extends BackendContract {
        @Override
        protected BackendFixture newFixture() throws Exception {
            return fixture("seed-win-bridge-v1.conf");
        }
    }

    @Nested
    class FlannelDelegateV2Settings extends BackendContract {
        @Override
        protected BackendFixture newFixture() throws Exception {
            return fixture("flannel-delegate-v2.conf");
        }
    }

    @Nested
    class ContainerdAdditionalArgs extends BackendContract {
        @Override
        protected BackendFixture newFixture() throws Exception {
            return fixture("containerd-sdnbridge-additionalargs.conf");
        }
    }
}
