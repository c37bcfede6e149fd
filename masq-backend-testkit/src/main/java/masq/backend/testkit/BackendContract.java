package masq.backend.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import masq.api.MasqPolicy;
import masq.api.spi.BackendException;
import masq.api.spi.FirewallBackend;
import masq.api.spi.Rendering;
import masq.api.spi.SyncResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The conformance suite every firewall backend must pass, built-in or third-party. Extend it in a test
 * class, implement {@link #newFixture()}, and every test below runs against your backend:
 *
 * <pre>{@code
 * class MyBackendContractTest extends BackendContract {
 *     protected BackendFixture newFixture() { return new MyFixture(new FakeKernel()); }
 * }
 * }</pre>
 *
 * <p>What it checks, against the {@link FlowCases} tables' policies:
 * <ul>
 *   <li>rendering is deterministic and pure (equal policies, equal text; the fake is untouched);</li>
 *   <li>sync is idempotent (a second sync with an equal policy reports {@code changed=false} and leaves
 *       the state as it was) and convergent (A, B, A leaves exactly A's state: no leftovers);</li>
 *   <li>cleanup on an empty node reports no change and leaves the fake exactly as it was (it creates
 *       nothing, not even by reading); after a sync it restores the initial state reporting a change, a
 *       second cleanup reports none, and a later sync works again;</li>
 *   <li>after a sync, the backend's own verdict oracle agrees with every {@link FlowCase} row, and so
 *       with {@link MasqPolicy#decide};</li>
 *   <li>a policy the backend declares unsupported is rejected by sync with a {@link BackendException}
 *       and changes nothing.</li>
 * </ul>
 * Each test takes fresh fixtures; tests never share a fake.
 */
public abstract class BackendContract {

    /** A new backend over a new, empty (or freshly initialised) fake. */
    protected abstract BackendFixture newFixture() throws Exception;

    /**
     * Whether the backend can express this policy. The default is every policy; a backend that returns
     * false for some must reject them in {@link FirewallBackend#sync} without changing anything.
     */
    protected boolean supports(MasqPolicy policy) {
        return true;
    }

    /** The policies the suite exercises: those of every {@link FlowCases} table. */
    protected List<FlowTable> flowTables() {
        return FlowCases.all();
    }

    private List<MasqPolicy> supportedPolicies() {
        List<MasqPolicy> policies = flowTables().stream().map(FlowTable::policy).filter(this::supports).toList();
        assertTrue(policies.size() >= 2, "the suite needs at least two supported policies");
        return policies;
    }

    @Test
    @DisplayName("render: the same or an equal policy gives identical payloads, and identical text from another instance")
    public void renderIsDeterministic() throws Exception {
        try (BackendFixture a = newFixture(); BackendFixture b = newFixture()) {
            for (FlowTable table : flowTables()) {
                MasqPolicy p = table.policy();
                MasqPolicy copy = new MasqPolicy(p.families(), p.nonMasquerade(), p.masquerade(), p.masqLinkLocal(),
                        p.masqLinkLocalIPv6(), p.toPorts(), p.randomFully(), p.chain());
                Rendering first = a.backend().render(p);
                assertFalse(first.payloads().isEmpty(), table.name() + ": render produced no payload");
                assertEquals(first, a.backend().render(p), table.name() + ": rendered twice");
                assertEquals(first, a.backend().render(copy), table.name() + ": equal policy");
                // Another instance over another fake may name another target (a temporary file); the text must match.
                assertEquals(texts(first), texts(b.backend().render(p)), table.name() + ": another instance");
            }
        }
    }

    private static List<String> texts(Rendering r) {
        return r.payloads().stream().map(Rendering.Payload::text).toList();
    }

    @Test
    @DisplayName("render: different policies give different text")
    public void renderDependsOnThePolicy() throws Exception {
        try (BackendFixture f = newFixture()) {
            List<MasqPolicy> policies = flowTables().stream().map(FlowTable::policy).toList();
            for (int i = 0; i < policies.size(); i++) {
                for (int j = i + 1; j < policies.size(); j++) {
                    assertNotEquals(f.backend().render(policies.get(i)), f.backend().render(policies.get(j)),
                            "tables " + i + " and " + j + " rendered the same");
                }
            }
        }
    }

    @Test
    @DisplayName("render: never changes the kernel")
    public void renderIsPure() throws Exception {
        try (BackendFixture f = newFixture()) {
            String initial = f.state();
            for (FlowTable table : flowTables()) {
                f.backend().render(table.policy());
            }
            assertEquals(initial, f.state());
            f.backend().sync(supportedPolicies().get(0));
            String synced = f.state();
            f.backend().render(supportedPolicies().get(1));
            assertEquals(synced, f.state());
        }
    }

    @Test
    @DisplayName("sync: the first sync changes the kernel, a second with an equal policy does not")
    public void syncIsIdempotent() throws Exception {
        for (MasqPolicy policy : supportedPolicies()) {
            try (BackendFixture f = newFixture()) {
                String initial = f.state();
                SyncResult first = f.backend().sync(policy);
                assertTrue(first.changed(), "first sync reported no change: " + first.summary());
                String applied = f.state();
                assertNotEquals(initial, applied, "first sync left the state as it was");
                SyncResult second = f.backend().sync(policy);
                assertFalse(second.changed(), "second sync reported a change: " + second.summary());
                assertEquals(applied, f.state(), "second sync changed the state");
            }
        }
    }

    @Test
    @DisplayName("sync: A then B then A leaves exactly A's state (no leftovers)")
    public void syncConverges() throws Exception {
        List<MasqPolicy> policies = supportedPolicies();
        try (BackendFixture f = newFixture()) {
            f.backend().sync(policies.get(0));
            String stateA = f.state();
            for (MasqPolicy other : policies.subList(1, policies.size())) {
                assertTrue(f.backend().sync(other).changed(), "switching policy reported no change");
                assertNotEquals(stateA, f.state(), "switching policy left the state as it was");
                assertTrue(f.backend().sync(policies.get(0)).changed(), "switching back reported no change");
                assertEquals(stateA, f.state(), "switching back did not restore the first state");
            }
        }
    }

    @Test
    @DisplayName("cleanup: on an empty node reports no change and leaves everything exactly as it was, twice")
    public void cleanupOnAnEmptyNodeChangesNothing() throws Exception {
        try (BackendFixture f = newFixture()) {
            String initial = f.state();
            for (int i = 1; i <= 2; i++) {
                SyncResult r = f.backend().cleanup();
                assertFalse(r.changed(), "cleanup #" + i + " on an empty node reported a change: " + r.summary());
                assertEquals(initial, f.state(), "cleanup #" + i + " on an empty node changed the state (created something?)");
            }
        }
    }

    @Test
    @DisplayName("cleanup: restores the initial state and says so, a second reports no change, a later sync works again")
    public void cleanupRestoresTheInitialState() throws Exception {
        try (BackendFixture f = newFixture()) {
            String initial = f.state();
            MasqPolicy policy = supportedPolicies().get(0);
            f.backend().sync(policy);
            String applied = f.state();
            SyncResult first = f.backend().cleanup();
            assertTrue(first.changed(), "cleanup after a sync reported no change: " + first.summary());
            assertEquals(initial, f.state(), "cleanup left something behind");
            SyncResult second = f.backend().cleanup();
            assertFalse(second.changed(), "a second cleanup reported a change: " + second.summary());
            assertEquals(initial, f.state(), "a second cleanup changed the state");
            assertTrue(f.backend().sync(policy).changed(), "sync after cleanup reported no change");
            assertEquals(applied, f.state(), "sync after cleanup gave another state");
        }
    }

    @Test
    @DisplayName("sync: an unsupported policy is rejected and changes nothing")
    public void unsupportedPoliciesAreRejectedWithoutPartialApply() throws Exception {
        for (FlowTable table : flowTables()) {
            if (supports(table.policy())) {
                continue;
            }
            try (BackendFixture f = newFixture()) {
                f.backend().sync(supportedPolicies().get(0));
                String before = f.state();
                assertThrows(BackendException.class, () -> f.backend().sync(table.policy()), table.name());
                assertEquals(before, f.state(), table.name() + ": a rejected sync changed the state");
            }
        }
    }

    /** One dynamic test per {@link FlowCase} row of every supported table, each over a fresh fixture. */
    @TestFactory
    @DisplayName("flows: the backend's verdict after sync agrees with every FlowCases row")
    public Stream<DynamicNode> flowCasesAgreeWithTheOracle() {
        return flowTables().stream().filter(t -> supports(t.policy())).map(table -> DynamicContainer.dynamicContainer(
                table.name(), table.rows().stream().map(row -> DynamicTest.dynamicTest(row.toString(),
                        () -> checkRow(table.policy(), row)))));
    }

    private void checkRow(MasqPolicy policy, FlowCase row) throws Exception {
        MasqPolicy.Decision reference = policy.decide(row.address());
        assertEquals(row.masquerade(), reference.masquerade(), "the table disagrees with MasqPolicy.decide: " + reference);
        try (BackendFixture f = newFixture()) {
            f.backend().sync(policy);
            assertEquals(row.masquerade(), f.masquerades(row.address()),
                    "backend verdict for " + row.destination() + " disagrees; reference decided " + reference);
        }
    }
}
