/**
 * Test support for backend authors: the conformance suite every backend must pass, shared flow cases,
 * and helpers to build network-namespace topologies for kernel tests. Test scope only; never linked
 * into the agent's image.
 */
module masq.backend.testkit {
    requires transitive masq.api;
    requires transitive org.junit.jupiter.api;
    exports masq.backend.testkit;
}
