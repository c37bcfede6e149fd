package masq.backend.testkit;

import masq.api.MasqPolicy;

/**
 * Contract runs over deliberately broken backends. The class names do not end in {@code Test}, so
 * Surefire does not run them itself; {@link BackendContractCatchesFlawsTest} runs them through the
 * JUnit engine test kit and expects failures.
 */
final class FlawedBackends {
    private FlawedBackends() {
    }

    static class AlwaysChanged extends BackendContract {
        @Override
        protected BackendFixture newFixture() {
            return ModelBackendContractTest.fixture(ModelBackend.Flaw.ALWAYS_CHANGED);
        }
    }

    static class ForgetsLinkLocal extends BackendContract {
        @Override
        protected BackendFixture newFixture() {
            return ModelBackendContractTest.fixture(ModelBackend.Flaw.FORGETS_LINK_LOCAL);
        }
    }

    static class CleanupDoesNothing extends BackendContract {
        @Override
        protected BackendFixture newFixture() {
            return ModelBackendContractTest.fixture(ModelBackend.Flaw.CLEANUP_DOES_NOTHING);
        }
    }

    static class CleanupAlwaysChanged extends BackendContract {
        @Override
        protected BackendFixture newFixture() {
            return ModelBackendContractTest.fixture(ModelBackend.Flaw.CLEANUP_ALWAYS_CHANGED);
        }
    }

    static class CleanupCreatesState extends BackendContract {
        @Override
        protected BackendFixture newFixture() {
            return ModelBackendContractTest.fixture(ModelBackend.Flaw.CLEANUP_CREATES_STATE);
        }
    }

    /** Claims not to support masquerade CIDRs but applies them anyway. */
    static class AcceptsWhatItCallsUnsupported extends BackendContract {
        @Override
        protected BackendFixture newFixture() {
            return ModelBackendContractTest.fixture(ModelBackend.Flaw.NONE);
        }

        @Override
        protected boolean supports(MasqPolicy policy) {
            return policy.masquerade().isEmpty();
        }
    }
}
