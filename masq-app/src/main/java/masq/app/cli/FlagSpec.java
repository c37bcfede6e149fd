package masq.app.cli;

import java.util.Objects;
import java.util.Set;

/**
 * One command-line flag.
 *
 * @param name       without dashes, e.g. {@code masq-chain}
 * @param type       how its value is read
 * @param defaultValue its default as text, as Go's flag package shows it
 * @param help       one line for {@code --help}
 * @param commands   the commands that accept it
 */
public record FlagSpec(String name, Type type, String defaultValue, String help, Set<Command> commands) {
    public FlagSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(help, "help");
        commands = Set.copyOf(commands);
    }

    /** How a value is read. BOOL takes no separate argument (Go: only {@code --flag} or {@code --flag=value}). */
    public enum Type { BOOL, STRING, INT, REPEATED, IGNORED_BOOL, IGNORED_STRING }

    boolean isBool() {
        return type == Type.BOOL || type == Type.IGNORED_BOOL;
    }

    public boolean ignored() {
        return type == Type.IGNORED_BOOL || type == Type.IGNORED_STRING;
    }

    public boolean appliesTo(Command command) {
        return commands.contains(command);
    }
}
