package masq.backend.testkit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;

import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** The suite fails a backend for each broken promise, and only in the tests about that promise. */
class BackendContractCatchesFlawsTest {

    private static Events run(Class<?> contract) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(contract)).execute().testEvents();
    }

    @Test
    void syncAlwaysReportingChangeFailsIdempotence() {
        Events events = run(FlawedBackends.AlwaysChanged.class);
        events.assertThatEvents().haveExactly(1, event(test("syncIsIdempotent"), finishedWithFailure()));
        events.assertStatistics(s -> s.failed(1));
    }

    @Test
    void forgottenLinkLocalExemptionFailsTheLinkLocalFlowRows() {
        Events events = run(FlawedBackends.ForgetsLinkLocal.class);
        // Rows whose verdict depends on the link-local rule: standard (2), dual-stack (2), defaults (1).
        events.assertThatEvents().haveExactly(1,
                event(displayName("IPv4 link-local (metadata server) keeps the pod address: 169.254.169.254 -> keep pod address"),
                        finishedWithFailure()));
        events.assertStatistics(s -> s.failed(5));
    }

    @Test
    void cleanupThatLeavesRulesFails() {
        Events events = run(FlawedBackends.CleanupDoesNothing.class);
        events.assertThatEvents().haveExactly(1, event(test("cleanupRestoresTheInitialState"), finishedWithFailure()));
        events.assertStatistics(s -> s.failed(1));
    }

    @Test
    void cleanupReportingAChangeWhenNothingWasThereFails() {
        Events events = run(FlawedBackends.CleanupAlwaysChanged.class);
        events.assertThatEvents().haveExactly(1, event(test("cleanupOnAnEmptyNodeChangesNothing"), finishedWithFailure()));
        events.assertThatEvents().haveExactly(1, event(test("cleanupRestoresTheInitialState"), finishedWithFailure()));
        events.assertStatistics(s -> s.failed(2));
    }

    @Test
    void cleanupThatCreatesStateOnAnEmptyNodeFails() {
        Events events = run(FlawedBackends.CleanupCreatesState.class);
        events.assertThatEvents().haveExactly(1, event(test("cleanupOnAnEmptyNodeChangesNothing"), finishedWithFailure()));
        events.assertThatEvents().haveExactly(1, event(test("cleanupRestoresTheInitialState"), finishedWithFailure()));
        events.assertStatistics(s -> s.failed(2));
    }

    @Test
    void applyingAnUnsupportedPolicyFails() {
        Events events = run(FlawedBackends.AcceptsWhatItCallsUnsupported.class);
        events.assertThatEvents().haveExactly(1,
                event(test("unsupportedPoliciesAreRejectedWithoutPartialApply"), finishedWithFailure()));
        events.assertStatistics(s -> s.failed(1));
    }
}
