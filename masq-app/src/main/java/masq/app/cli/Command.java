package masq.app.cli;

import java.util.Arrays;
import java.util.Optional;

/** The agent's commands; {@code run} is the default so existing DaemonSet args keep working. */
public enum Command {
    RUN("run", "[flags]", "Run the agent: load the config directory, sync the rules every resync interval."),
    RENDER("render", "[flags]", "Print exactly what the selected backend would send to the kernel; touches nothing."),
    CHECK("check", "[flags]", "Validate the config directory and print every problem; exit 1 when invalid."),
    EXPLAIN("explain", "[flags] ADDRESS|CIDR...", "Say for each destination or range whether it is masqueraded, which rule and"
            + " file decide, and which other rule on the node also masquerades it."),
    CLEANUP("cleanup", "[flags]", "Remove every rule, chain or table the selected backend owns."),
    VERSION("version", "", "Print the version."),
    HELP("help", "[COMMAND]", "Print help for the agent or a command.");

    private final String word;
    private final String arguments;
    private final String summary;

    Command(String word, String arguments, String summary) {
        this.word = word;
        this.arguments = arguments;
        this.summary = summary;
    }

    String word() {
        return word;
    }

    String arguments() {
        return arguments;
    }

    String summary() {
        return summary;
    }

    public static Optional<Command> byWord(String word) {
        return Arrays.stream(values()).filter(c -> c.word.equals(word)).findFirst();
    }
}
