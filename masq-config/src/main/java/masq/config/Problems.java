package masq.config;

import java.util.ArrayList;
import java.util.List;
import masq.api.ConfigProblem;
import masq.api.ConfigProblem.Kind;
import masq.api.ConfigProblem.Origin;
import masq.api.ConfigProblem.Severity;

/** Collects problems in the order they are found; the engine reports every one, never only the first. */
final class Problems {
    private final List<ConfigProblem> list = new ArrayList<>();

    void error(Kind kind, Origin origin, String detail) {
        list.add(ConfigProblem.of(Severity.ERROR, kind, origin, detail));
    }

    void warning(Kind kind, Origin origin, String detail) {
        list.add(ConfigProblem.of(Severity.WARNING, kind, origin, detail));
    }

    void add(Severity severity, Kind kind, Origin first, Origin second, String detail) {
        list.add(new ConfigProblem(severity, kind, List.of(first, second), detail));
    }

    void addAll(List<ConfigProblem> problems) {
        list.addAll(problems);
    }

    List<ConfigProblem> list() {
        return List.copyOf(list);
    }
}
