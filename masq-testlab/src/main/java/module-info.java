/**
 * The project's own test lab, never published and never linked into the image: network namespaces with
 * real packets ({@link masq.testlab.NetnsLab}), commands inside them ({@link masq.testlab.LabCommands}),
 * reads that create nothing ({@link masq.testlab.InNamespace}, {@link masq.testlab.NodeState}), the skip
 * rules of kernel tests ({@link masq.testlab.KernelTests}), kubelet's ConfigMap layout
 * ({@link masq.testlab.KubeletConfigMap}), plugin jars built inside a test ({@link masq.testlab.PluginJars}),
 * the jlinked image started as a user or kubelet would ({@link masq.testlab.ImageAgent}), and the gate of
 * every benchmark ({@link masq.testlab.Bench}).
 *
 * <p>What a plugin author needs is the contract in {@code masq.backend.testkit}; nothing there depends on
 * this module.
 */
module masq.testlab {
    requires transitive masq.api;
    requires transitive org.junit.jupiter.api;
    exports masq.testlab;
}
