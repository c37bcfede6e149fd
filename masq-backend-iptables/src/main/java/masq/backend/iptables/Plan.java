package masq.backend.iptables;

import java.util.List;

/**
 * What one family needs: the restore payload (empty when the kernel already matches), the changes it
 * makes for the log, and what was left alone on purpose (e.g. a leftover chain someone else still uses).
 * {@code needsWholeTable} is set when a stale jump names another chain: only the whole table shows that
 * chain's rules and who else jumps to it, so a plan made from a partial view must not be used.
 */
record Plan(String payload, List<String> changes, List<String> warnings, boolean needsWholeTable) {
    Plan {
        changes = List.copyOf(changes);
        warnings = List.copyOf(warnings);
    }

    boolean writes() {
        return !payload.isEmpty();
    }
}
