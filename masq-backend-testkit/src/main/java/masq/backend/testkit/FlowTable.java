package masq.backend.testkit;

import java.util.List;
import java.util.Objects;
import masq.api.MasqPolicy;

/**
 * A policy and destinations whose verdict under it is written out literally (never computed from
 * {@link MasqPolicy#decide}, so the table checks the reference verdict as well as each backend).
 *
 * @param name   what the table is about, for test names
 * @param policy the policy every backend programs before the rows are traced
 * @param rows   destinations and their expected verdicts
 */
public record FlowTable(String name, MasqPolicy policy, List<FlowCase> rows) {
    public FlowTable {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(policy, "policy");
        rows = List.copyOf(rows);
    }
}
