/**
 * Dry-run backend: renders a neutral, human-readable rule program per enabled family, logs it and the
 * difference from the previous apply, and never runs a command or touches the kernel. Exports nothing.
 *
 * @provides masq.api.spi.FirewallBackendProvider the {@code dryrun} backend
 */
module masq.backend.dryrun {
    requires masq.api;
    requires org.slf4j;

    provides masq.api.spi.FirewallBackendProvider with masq.backend.dryrun.DryRunBackendProvider;
}
