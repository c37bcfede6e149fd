package masq.app.foreign;

/** Who (most likely) wrote a foreign masquerade rule; the {@code kind} label of the metric, so a bounded set. */
public enum ForeignKind {
    CNI("a CNI plugin's ipMasq (bridge/ptp)"),
    DOCKER("Docker"),
    CALICO("Calico natOutgoing"),
    FLANNEL("flannel"),
    KUBELET("kubelet's --non-masquerade-cidr rule"),
    KUBE_PROXY("kube-proxy, service traffic only"),
    IP_MASQ_AGENT("another ip-masq-agent"),
    NFTABLES("another nftables table"),
    OTHER("unknown owner");

    private final String who;

    ForeignKind(String who) {
        this.who = who;
    }

    /** A few words naming the writer, for messages. */
    public String who() {
        return who;
    }

    /** The metric label: {@code cni}, {@code kube_proxy}... */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
