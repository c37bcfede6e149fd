package masq.app.cli;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed command line, values still as text.
 *
 * @param command     the command (run when none is named)
 * @param values      the flags given, by name; each occurrence in order (the last wins unless repeatable)
 * @param positionals the arguments after the command word
 * @param help        {@code -h}/{@code --help} was given
 * @param ignored     klog flags that were accepted and ignored, as given
 */
public record ParsedArgs(Command command, Map<String, List<String>> values, List<String> positionals, boolean help,
                  List<String> ignored) {
    public ParsedArgs {
        values = Map.copyOf(values);
        positionals = List.copyOf(positionals);
        ignored = List.copyOf(ignored);
    }

    /** The last value given for a flag, or empty. */
    Optional<String> last(String name) {
        List<String> v = values.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.getLast());
    }

    /** The value given, or the flag's default. */
    public String valueOrDefault(String name) {
        return last(name).orElseGet(() -> Flags.find(name).orElseThrow().defaultValue());
    }

    /** Every value of a repeatable flag, in order. */
    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }
}
