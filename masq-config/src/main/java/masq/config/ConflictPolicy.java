package masq.config;

/** {@code --conflict-policy}: what a conflict between files does to the configuration. */
public enum ConflictPolicy {
    /** Conflicts are warnings, resolved as documented (booleans OR, shortest interval). */
    WARN,
    /** Any conflict makes the configuration invalid. */
    REJECT
}
