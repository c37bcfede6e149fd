package masq.app.command;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import masq.api.GoQuote;
import masq.api.IpAddress;
import masq.app.cli.AgentOptions;
import masq.app.cli.ExitStatus;
import masq.app.cli.UsageException;
import masq.app.logging.Json;
import masq.app.platform.StartupException;
import masq.config.CidrEntry;
import masq.config.Explainer;
import masq.config.Explanation;

/** {@code explain ADDRESS...}: the verdict for each destination, the deciding rule and where it came from. */
public final class ExplainCommand {
    private ExplainCommand() {
    }

    public static int run(Environment env, AgentOptions options, List<String> addresses) throws StartupException, UsageException {
        if (addresses.isEmpty()) {
            throw new UsageException("explain needs at least one ADDRESS, e.g. explain 10.1.2.3 8.8.8.8");
        }
        List<IpAddress> parsed = new ArrayList<>();
        for (String a : addresses) {
            try {
                parsed.add(IpAddress.parse(a));
            } catch (IllegalArgumentException e) {
                throw new UsageException("invalid address " + GoQuote.quote(a) + ": not an IPv4 or IPv6 address");
            }
        }
        Optional<LoadedConfig> loaded = LoadedConfig.load(env, options);
        if (loaded.isEmpty()) {
            return ExitStatus.FAILED;
        }
        List<Explanation> explanations = parsed.stream()
                .map(a -> Explainer.explain(loaded.get().config(), loaded.get().policy(), a)).toList();
        PrintStream out = env.console().out();
        if (options.jsonOutput()) {
            out.print("[" + explanations.stream().map(ExplainCommand::json).collect(Collectors.joining(",")) + "]\n");
        } else {
            out.print(explanations.stream().map(Explanation::toText).collect(Collectors.joining("\n")));
        }
        return ExitStatus.OK;
    }

    private static String json(Explanation e) {
        String also = e.alsoMatching().stream()
                .map(m -> "{\"cidr\":" + Json.quote(m.entry().cidr().toString()) + ",\"from\":" + origin(m.entry())
                        + ",\"role\":" + Json.quote(m.role()) + "}")
                .collect(Collectors.joining(","));
        return "{\"destination\":" + Json.quote(e.destination().toString()) + ",\"masquerade\":" + e.masqueraded()
                + ",\"rule\":" + Json.quote(e.rule()) + ",\"from\":" + e.source().map(ExplainCommand::origin).orElse("null")
                + ",\"alsoMatching\":[" + also + "]}";
    }

    private static String origin(CidrEntry entry) {
        return "{\"file\":" + Json.quote(entry.file()) + ",\"field\":" + Json.quote(entry.field()) + ",\"value\":"
                + Json.quote(entry.text()) + "}";
    }
}
