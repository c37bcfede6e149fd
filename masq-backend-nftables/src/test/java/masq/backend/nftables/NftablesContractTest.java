package masq.backend.nftables;

import java.util.Set;
import masq.api.IpAddress;
import masq.api.spi.FirewallBackend;
import masq.backend.testkit.BackendContract;
import masq.backend.testkit.BackendFixture;

/** The testkit's conformance suite over the stateful fake kernel; the oracle is NftTracer over the read-back. */
class NftablesContractTest extends BackendContract {

    @Override
    protected BackendFixture newFixture() {
        FakeNftables kernel = new FakeNftables();
        NftablesBackend backend = new NftablesBackend(kernel, kernel, RulesetWatcher.NONE);
        return new BackendFixture() {
            @Override
            public FirewallBackend backend() {
                return backend;
            }

            @Override
            public String state() {
                return kernel.run("list ruleset\n").output();
            }

            @Override
            public boolean masquerades(IpAddress destination) throws Exception {
                return new NftTracer(backend.list().orElseThrow(), Set.of()).masquerades(destination, "tcp");
            }
        };
    }
}
