package masq.app.cli;

import java.util.List;
import masq.api.GoQuote;
import masq.app.platform.Version;

/** {@code --help} texts, from the command and flag tables. */
public final class HelpText {
    private HelpText() {
    }

    public static String general(List<String> backends) {
        StringBuilder sb = new StringBuilder();
        sb.append("ip-masq-agent ").append(Version.current())
                .append(": keeps the node's masquerade (SNAT) rules matching the config directory.\n\n")
                .append("Usage: ip-masq-agent [COMMAND] [flags] [ARGS]\n\nCommands:\n");
        for (Command c : Command.values()) {
            sb.append(String.format("  %-8s %s%n", c.word(), c.summary()));
        }
        sb.append("\nRun 'ip-masq-agent COMMAND --help' for the flags of a command. Flags take Go's syntax:\n")
                .append("-flag, --flag, -flag=value, -flag value; booleans as --flag or --flag=false.\n")
                .append("\nBackends (--backend, default ").append(Flags.DEFAULT_BACKEND).append("):\n");
        for (String b : backends) {
            sb.append("  ").append(b).append('\n');
        }
        return sb.toString();
    }

    public static String command(Command command) {
        StringBuilder sb = new StringBuilder();
        sb.append("Usage: ip-masq-agent ").append(command.word());
        if (!command.arguments().isEmpty()) {
            sb.append(' ').append(command.arguments());
        }
        sb.append("\n\n").append(command.summary()).append("\n\nFlags:\n");
        for (FlagSpec f : Flags.TABLE) {
            if (f.appliesTo(command) && !f.ignored()) {
                String type = switch (f.type()) {
                    case BOOL -> "";
                    case INT -> " int";
                    default -> " string";
                };
                sb.append("  -").append(f.name()).append(type).append("\n    \t").append(f.help());
                if (!f.defaultValue().isEmpty() && !f.defaultValue().equals("false")) {
                    sb.append(" (default ").append(f.type() == FlagSpec.Type.BOOL || f.type() == FlagSpec.Type.INT
                            ? f.defaultValue() : GoQuote.quote(f.defaultValue())).append(')');
                }
                sb.append('\n');
            }
        }
        sb.append("  -h, -help\n    \tThis help.\n");
        sb.append("klog's other flags (-logtostderr, -log_dir, -vmodule, ...) are accepted and ignored.\n");
        return sb.toString();
    }
}
