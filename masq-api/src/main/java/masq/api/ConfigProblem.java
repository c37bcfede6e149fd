package masq.api;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One thing wrong (or worth a warning) in the configuration, naming where it came from: the file, the
 * field path inside it and the value as written. A conflict has two origins, one per file.
 *
 * @param severity {@link Severity#ERROR} makes the configuration invalid; a warning never does
 * @param kind     what class of problem, stable for metrics and {@code check --output=json}
 * @param origins  where: one origin, or two for a conflict (in file order)
 * @param detail   what is wrong and, where it can be said, what was meant
 */
public record ConfigProblem(Severity severity, Kind kind, List<Origin> origins, String detail) {

    public ConfigProblem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(kind, "kind");
        origins = List.copyOf(origins);
        Objects.requireNonNull(detail, "detail");
    }

    /** Single-origin shorthand. */
    public static ConfigProblem of(Severity severity, Kind kind, Origin origin, String detail) {
        return new ConfigProblem(severity, kind, List.of(origin), detail);
    }

    /** Whether this problem makes the configuration invalid. */
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /**
     * One line for logs and {@code check}: {@code file: field: "value": detail}, origins joined by
     * {@code " vs "}. Nothing from the input can break the line or hide in it: the value is quoted as Go's
     * {@code %q}, a file name or field holding a character to escape is quoted too, and control and other
     * non-printable characters in the detail are escaped ({@link GoQuote}).
     */
    @Override
    public String toString() {
        String where = origins.stream().map(Origin::toString).collect(Collectors.joining(" vs "));
        return (where.isEmpty() ? "" : where + ": ") + GoQuote.escapeControls(detail);
    }

    /** Whether the problem blocks applying the configuration. */
    public enum Severity { ERROR, WARNING }

    /** Problem classes. Stable names: they appear in JSON output and metrics labels. */
    public enum Kind {
        /** The file or directory could not be read, or is too large. */
        UNREADABLE,
        /** Not YAML/JSON, or not a mapping at the top level. */
        SYNTAX,
        /** A value of the wrong type, e.g. a quoted boolean or a number where a duration belongs. */
        WRONG_TYPE,
        /** A CIDR that does not parse. */
        INVALID_CIDR,
        /** A CIDR with host bits set. */
        HOST_BITS,
        /** An empty or null list item. */
        EMPTY_ITEM,
        /** An IPv6 CIDR while IPv6 is not enabled. */
        FAMILY_NOT_ENABLED,
        /** More CIDRs than {@code cidrLimit} allows. */
        TOO_MANY,
        /** A duration or number out of its range or syntax. */
        INVALID_VALUE,
        /** A key the agent does not know (warning). */
        UNKNOWN_KEY,
        /** Further YAML documents after the first, which are ignored (warning). */
        EXTRA_DOCUMENT,
        /** A CIDR listed more than once (warning). */
        DUPLICATE,
        /** Two files disagree, or one CIDR is both masqueraded and not. */
        CONFLICT
    }

    /**
     * Where a problem was found.
     *
     * @param file  the file name as the source knows it (e.g. {@code ip-masq-agent})
     * @param field the field path, e.g. {@code nonMasqueradeCIDRs[2]}; empty for the whole file
     * @param value the offending value as written; empty when there is none
     */
    public record Origin(String file, String field, String value) {
        public Origin {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(value, "value");
        }

        /** {@code file: field: "value"}, the value quoted as Go's {@code %q}; see {@link ConfigProblem#toString}. */
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(GoQuote.quoteIfNeeded(file));
            if (!field.isEmpty()) {
                sb.append(": ").append(GoQuote.quoteIfNeeded(field));
            }
            if (!value.isEmpty()) {
                sb.append(": ").append(GoQuote.quote(value));
            }
            return sb.toString();
        }
    }
}
