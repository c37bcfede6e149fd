package masq.app.command;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import masq.api.Cidr;
import masq.api.GoQuote;
import masq.api.IpAddress;
import masq.api.MasqPolicy;
import masq.app.cli.AgentOptions;
import masq.app.cli.ExitStatus;
import masq.app.cli.UsageException;
import masq.app.foreign.Finding;
import masq.app.foreign.ForeignRules;
import masq.app.logging.Json;
import masq.app.platform.StartupException;
import masq.config.CidrEntry;
import masq.config.Explainer;
import masq.config.Explanation;
import masq.config.RangeExplainer;

/**
 * {@code explain ADDRESS|CIDR...}: the verdict for each destination, the deciding rule and where it came from;
 * for a range, the same verdict everywhere or the parts that differ; and another rule on the node that also
 * masquerades it, if any. The LOCAL note holds for every answer and is said once, at the end.
 */
public final class ExplainCommand {
    private ExplainCommand() {
    }

    public static int run(Environment env, AgentOptions options, List<String> args) throws StartupException, UsageException {
        if (args.isEmpty()) {
            throw new UsageException("explain needs at least one ADDRESS or CIDR, e.g. explain 10.1.2.3 8.8.8.8 10.0.0.0/16");
        }
        List<Cidr> targets = new ArrayList<>();
        for (String a : args) {
            targets.add(parse(a));
        }
        Optional<LoadedConfig> loaded = LoadedConfig.load(env, options);
        if (loaded.isEmpty()) {
            return ExitStatus.FAILED;
        }
        MasqPolicy policy = loaded.get().policy();
        Optional<ForeignRules> foreign = ForeignLookup.read(env, options, policy);
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            Cidr t = targets.get(i);
            answers.add(new Answer(t, args.get(i).contains("/"), RangeExplainer.explain(loaded.get().config(), policy, t),
                    foreign.flatMap(f -> f.masquerading(t, policy))));
        }
        PrintStream out = env.console().out();
        if (options.jsonOutput()) {
            out.print("[" + answers.stream().map(Answer::json).collect(Collectors.joining(",")) + "]\n");
        } else {
            out.print(answers.stream().map(Answer::text).collect(Collectors.joining("\n")) + "\n" + Explanation.LOCAL_NOTE + "\n");
        }
        return ExitStatus.OK;
    }

    private static Cidr parse(String arg) throws UsageException {
        try {
            if (arg.contains("/")) {
                return Cidr.parse(arg);
            }
            IpAddress a = IpAddress.parse(arg);
            return new Cidr(a, a.family().bits());
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid destination " + GoQuote.quote(arg) + ": not an IPv4 or IPv6 address or CIDR"
                    + (arg.contains("/") ? " (" + e.getMessage() + ")" : ""));
        }
    }

    /** One destination or range, its parts, and a foreign rule that also masquerades it. */
    private record Answer(Cidr target, boolean range, List<RangeExplainer.Part> parts, Optional<Finding> foreign) {

        String text() {
            StringBuilder sb = new StringBuilder();
            Explanation first = parts.getFirst().explanation();
            if (!range) {
                sb.append(first.toText());
            } else if (parts.size() == 1) {
                sb.append(first.toText().replaceFirst("^destination: [^\n]*", "destination: " + target
                        + " (the same verdict for every address)"));
            } else {
                sb.append("destination: ").append(target).append(" (the verdict differs inside it)\n");
                for (RangeExplainer.Part p : parts) {
                    sb.append("part: ").append(p.range()).append(": masquerade: ").append(p.explanation().verdict())
                            .append(" (").append(p.explanation().rule()).append(")\n");
                }
            }
            foreign.filter(f -> relevant(f, parts)).ifPresent(f -> sb.append(f.explainLine()).append('\n'));
            return sb.toString();
        }

        String json() {
            String also = foreign.filter(f -> relevant(f, parts)).map(f -> Json.quote(f.explainLine())).orElse("null");
            if (!range) {
                return ExplainCommand.json(parts.getFirst().explanation(), also);
            }
            return "{\"destination\":" + Json.quote(target.toString()) + ",\"parts\":[" + parts.stream()
                    .map(p -> "{\"range\":" + Json.quote(p.range()) + "," + ExplainCommand.json(p.explanation(), also)
                            .substring(1))
                    .collect(Collectors.joining(",")) + "]}";
        }
    }

    /** A foreign rule matters where we exempt, or where it runs before our MASQUERADE. */
    private static boolean relevant(Finding f, List<RangeExplainer.Part> parts) {
        return parts.stream().anyMatch(p -> p.explanation().handled() && !p.explanation().masqueraded())
                || f.order() == Finding.Order.FIRST;
    }

    private static String json(Explanation e, String alsoMasqueradedBy) {
        String also = e.alsoMatching().stream()
                .map(m -> "{\"cidr\":" + Json.quote(m.entry().cidr().toString()) + ",\"from\":" + origin(m.entry())
                        + ",\"role\":" + Json.quote(m.role()) + "}")
                .collect(Collectors.joining(","));
        return "{\"destination\":" + Json.quote(e.destination().toString()) + ",\"masquerade\":" + e.masqueraded()
                + ",\"handled\":" + e.handled() + ",\"rule\":" + Json.quote(e.rule()) + ",\"from\":"
                + e.source().map(ExplainCommand::origin).orElse("null") + ",\"alsoMatching\":[" + also
                + "],\"alsoMasqueradedBy\":" + alsoMasqueradedBy + "}";
    }

    private static String origin(CidrEntry entry) {
        return "{\"file\":" + Json.quote(entry.file()) + ",\"field\":" + Json.quote(entry.field()) + ",\"value\":"
                + Json.quote(entry.text()) + "}";
    }
}
