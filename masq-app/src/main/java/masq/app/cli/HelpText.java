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
        sb.append("\nRun 'ip-masq-agent COMMAND --help' for the flags and examples of a command ('run --help': the agent's).\n")
                .append("Flags take Go's syntax: ")
                .append("-flag, --flag, -flag=value, -flag value; booleans as --flag or --flag=false.\n")
                .append("\nBackends (--backend, default ").append(Flags.DEFAULT_BACKEND).append("):\n");
        for (String b : backends) {
            sb.append("  ").append(b).append('\n');
        }
        return sb.toString();
    }

    /** Two or three command lines an operator types, with what they show. */
    static List<String> examples(Command command) {
        return switch (command) {
            case RUN -> List.of("ip-masq-agent --config-dir=/etc/config --backend=nftables",
                    "ip-masq-agent run --once --v=2          # one sync, exit 0 when the rules are in force");
            case CHECK -> List.of("ip-masq-agent check --config-dir=./config",
                    "ip-masq-agent check --config-dir=./config --output=json   # for CI",
                    "ip-masq-agent check --config-dir=./config --conflict-policy=reject");
            case RENDER -> List.of("ip-masq-agent render --config-dir=./config --backend=nftables",
                    "ip-masq-agent render --backend=iptables-legacy --enable-ipv6");
            case EXPLAIN -> List.of("ip-masq-agent explain 10.1.2.3 169.254.169.254",
                    "ip-masq-agent explain 10.0.0.0/16        # a range: one verdict, or the parts that differ",
                    "kubectl -n kube-system exec ds/ip-masq-agent -- ip-masq-agent explain 8.8.8.8");
            case CLEANUP -> List.of("ip-masq-agent cleanup --backend=iptables-nft",
                    "ip-masq-agent cleanup --backend=nftables --v=2");
            case VERSION, HELP -> List.of();
        };
    }

    public static String command(Command command) {
        StringBuilder sb = new StringBuilder();
        sb.append("Usage: ip-masq-agent ").append(command.word());
        if (!command.arguments().isEmpty()) {
            sb.append(' ').append(command.arguments());
        }
        sb.append("\n\n").append(command.summary()).append("\n\nFlags:\n");
        for (FlagSpec f : Flags.TABLE) {
            if (Flags.listedFor(f, command)) {
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
        if (Flags.acceptsUnused(command)) {
            sb.append("run's other config flags are accepted (one argument list serves every command) and not used.\n");
        }
        sb.append("klog's other flags (-logtostderr, -log_dir, -vmodule, ...) are accepted and ignored.\n");
        List<String> examples = examples(command);
        if (!examples.isEmpty()) {
            sb.append("\nExamples:\n");
            examples.forEach(e -> sb.append("  ").append(e).append('\n'));
        }
        return sb.toString();
    }
}
