package masq.config;

import java.util.Objects;
import masq.api.Cidr;
import masq.api.ConfigProblem;

/**
 * A CIDR with where it came from, for {@code explain} and messages.
 *
 * @param cidr  the canonical CIDR
 * @param file  the file it was read from, or {@code "(default)"} for built-in defaults
 * @param field the field path, e.g. {@code nonMasqueradeCIDRs[2]}
 * @param text  the text as written in the file
 */
public record CidrEntry(Cidr cidr, String file, String field, String text) {
    public CidrEntry {
        Objects.requireNonNull(cidr, "cidr");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(text, "text");
    }

    /** Where it was written, as problems name it: {@code file: field: "text"}. */
    public ConfigProblem.Origin origin() {
        return new ConfigProblem.Origin(file, field, text);
    }
}
