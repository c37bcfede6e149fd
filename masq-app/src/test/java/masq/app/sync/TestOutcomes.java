package masq.app.sync;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import masq.api.Cidr;
import masq.api.IpFamily;
import masq.api.MasqPolicy;
import masq.api.spi.BackendException;
import masq.api.spi.SyncResult;

/** {@link SyncOutcome}s as the loop makes them, for tests of what reads them. */
public final class TestOutcomes {
    static final MasqPolicy POLICY = new MasqPolicy(Set.of(IpFamily.IPV4), List.of(Cidr.parse("10.0.0.0/8")), List.of(),
            false, false, List.of(), true, "IP-MASQ-AGENT");

    private TestOutcomes() {
    }

    public static SyncOutcome synced() {
        return new SyncOutcome.Synced(POLICY, SyncResult.unchanged(), false, Duration.ZERO);
    }

    public static SyncOutcome keptLastGood() {
        return new SyncOutcome.KeptLastGood(POLICY, SyncResult.unchanged(), false, Duration.ZERO);
    }

    public static SyncOutcome noValidConfig() {
        return new SyncOutcome.NoValidConfig(List.of());
    }

    /** @param inARow failed syncs in a row, this one included */
    public static SyncOutcome failed(int inARow) {
        return new SyncOutcome.Failed(POLICY, new BackendException(BackendException.Reason.FAILED, "x"), inARow, Duration.ZERO);
    }
}
