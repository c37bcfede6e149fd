/** Dry-run backend: renders and logs what would be applied, never touches the kernel. Exports nothing. */
module masq.backend.dryrun {
    requires masq.api;
    requires org.slf4j;
}
