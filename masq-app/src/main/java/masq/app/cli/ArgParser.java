package masq.app.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import masq.api.GoQuote;

/**
 * A small table-driven parser for Go's flag syntax: {@code -flag}, {@code --flag}, {@code -flag=value},
 * {@code -flag value}; booleans only as {@code -flag} or {@code -flag=value} (a separate word after a
 * boolean is an argument, as in Go). Unlike Go it also accepts flags after the command word and
 * arguments, so {@code explain 10.0.0.1 --output=json} works. Error texts are Go's.
 */
public final class ArgParser {
    private ArgParser() {
    }

    public static ParsedArgs parse(List<String> args) throws UsageException {
        Map<String, List<String>> values = new LinkedHashMap<>();
        List<String> positionals = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        boolean help = false;
        boolean version = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                positionals.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (arg.length() < 2 || arg.charAt(0) != '-') {
                positionals.add(arg);
                continue;
            }
            String body = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
            if (body.isEmpty() || body.charAt(0) == '-' || body.charAt(0) == '=') {
                throw new UsageException("bad flag syntax: " + GoQuote.escapeControls(arg));
            }
            int eq = body.indexOf('=');
            String name = eq < 0 ? body : body.substring(0, eq);
            String inline = eq < 0 ? null : body.substring(eq + 1);
            if (name.equals("h") || name.equals("help")) {
                help = true;
                continue;
            }
            if (name.equals("version")) {
                // --version anywhere prints the version (exit 0), as most CLIs do; the rest of the line is not used
                version = inline == null || Boolean.TRUE.equals(GoBool.parse(inline));
                continue;
            }
            FlagSpec spec = Flags.find(name).orElseThrow(() -> new UsageException("flag provided but not defined: -"
                    + GoQuote.escapeControls(name)));
            String value;
            if (spec.isBool()) {
                value = inline == null ? "true" : inline;
                if (GoBool.parse(value) == null) {
                    throw new UsageException("invalid boolean value " + GoQuote.quote(value) + " for -" + name + ": parse error");
                }
            } else if (inline != null) {
                value = inline;
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new UsageException("flag needs an argument: -" + name);
            }
            if (spec.type() == FlagSpec.Type.INT && !value.matches("[+-]?\\d{1,9}")) {
                throw new UsageException("invalid value " + GoQuote.quote(value) + " for flag -" + name + ": parse error");
            }
            if (spec.ignored()) {
                ignored.add(arg + (inline == null && !spec.isBool() ? " " + value : ""));
            } else {
                values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        }
        if (version && !help) {
            return new ParsedArgs(Command.VERSION, Map.of(), List.of(), false, ignored);
        }
        // --help without a command is help about the agent, not about run (the default command)
        Command command = help ? Command.HELP : Command.RUN;
        if (!positionals.isEmpty()) {
            String word = positionals.getFirst();
            command = Command.byWord(word).orElseThrow(() -> new UsageException("unknown command " + GoQuote.quote(word)
                    + " (commands: run, render, check, explain, cleanup, version, help)"));
            positionals.removeFirst();
        }
        if (!positionals.isEmpty() && command != Command.EXPLAIN && command != Command.HELP) {
            throw new UsageException("unexpected argument " + GoQuote.quote(positionals.getFirst()) + " for '"
                    + command.word() + "'");
        }
        for (String name : values.keySet()) {
            if (!help && !Flags.find(name).orElseThrow().appliesTo(command)) {
                throw new UsageException("flag provided but not defined: -" + name + " (not a flag of '" + command.word() + "')");
            }
        }
        return new ParsedArgs(command, values, positionals, help, ignored);
    }
}
