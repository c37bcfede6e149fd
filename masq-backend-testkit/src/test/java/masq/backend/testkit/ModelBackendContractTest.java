package masq.backend.testkit;

import masq.api.IpAddress;
import masq.api.spi.FirewallBackend;

/** A correct backend passes the whole contract. */
class ModelBackendContractTest extends BackendContract {

    @Override
    protected BackendFixture newFixture() {
        return fixture(ModelBackend.Flaw.NONE);
    }

    static BackendFixture fixture(ModelBackend.Flaw flaw) {
        ModelBackend.Kernel kernel = new ModelBackend.Kernel();
        ModelBackend backend = new ModelBackend(kernel, flaw);
        return new BackendFixture() {
            @Override
            public FirewallBackend backend() {
                return backend;
            }

            @Override
            public String state() {
                return String.join("\n", kernel.rules);
            }

            @Override
            public boolean masquerades(IpAddress destination) {
                return kernel.masquerades(destination);
            }
        };
    }
}
