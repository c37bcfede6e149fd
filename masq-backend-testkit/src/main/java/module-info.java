/**
 * The contract a firewall backend signs, for built-in and third-party backends alike:
 * {@link masq.backend.testkit.BackendContract} (the conformance suite), the {@link masq.backend.testkit.BackendFixture}
 * a backend author supplies, and the shared destination tables ({@link masq.backend.testkit.FlowCases}) every
 * backend's verdicts must agree with. Test scope only; never linked into the agent's image. The project's
 * own kernel lab (network namespaces, the image under test) is a separate, unpublished module.
 */
module masq.backend.testkit {
    requires transitive masq.api;
    requires transitive org.junit.jupiter.api;
    exports masq.backend.testkit;
}
