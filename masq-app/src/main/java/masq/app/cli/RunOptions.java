package masq.app.cli;

import java.nio.file.Path;
import java.util.Optional;
import masq.api.GoQuote;

/**
 * The flags of the long-running {@code run} (apart from {@link AgentOptions}, which every command shares).
 *
 * @param lockFile        {@code --lock-file}; empty when disabled
 * @param maxSyncFailures {@code --max-sync-failures}, at least 1
 * @param cleanupOnExit   {@code --cleanup-on-exit}
 * @param watchConfig     {@code --watch-config}
 */
public record RunOptions(Optional<Path> lockFile, int maxSyncFailures, boolean cleanupOnExit, boolean watchConfig) {

    public static RunOptions from(ParsedArgs args) throws UsageException {
        String lock = args.valueOrDefault(Flags.LOCK_FILE);
        String max = args.valueOrDefault(Flags.MAX_SYNC_FAILURES);
        int failures;
        try {
            failures = Integer.parseInt(max);
        } catch (NumberFormatException e) {
            failures = 0;
        }
        if (failures < 1) {
            throw new UsageException("Invalid --" + Flags.MAX_SYNC_FAILURES + " flag " + GoQuote.quote(max)
                    + ": want a whole number, at least 1");
        }
        return new RunOptions(lock.isEmpty() ? Optional.empty() : Optional.of(PathFlag.parse(Flags.LOCK_FILE, lock)), failures,
                GoBool.parse(args.valueOrDefault(Flags.CLEANUP_ON_EXIT)),
                GoBool.parse(args.valueOrDefault(Flags.WATCH_CONFIG)));
    }
}
