package masq.backend.iptables;

import java.util.List;

/**
 * What one family needs: the restore payload (empty when the kernel already matches), the changes it
 * makes for the log, and what was left alone on purpose (e.g. a leftover chain someone else still uses).
 */
record Plan(String payload, List<String> changes, List<String> warnings) {
    Plan {
        changes = List.copyOf(changes);
        warnings = List.copyOf(warnings);
    }

    boolean writes() {
        return !payload.isEmpty();
    }
}
