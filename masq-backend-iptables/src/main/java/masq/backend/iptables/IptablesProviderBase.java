package masq.backend.iptables;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import masq.api.IpFamily;
import masq.api.spi.Availability;
import masq.api.spi.BackendContext;
import masq.api.spi.BackendException;
import masq.api.spi.CommandRunner;
import masq.api.spi.FirewallBackend;
import masq.api.spi.FirewallBackendProvider;

/**
 * What the three iptables providers share: options, version query, construction. A subclass fixes the
 * mode or leaves it to {@link ModeDetector}.
 */
abstract class IptablesProviderBase implements FirewallBackendProvider {
    private static final Logger LOG = LoggerFactory.getLogger(IptablesProviderBase.class);
    static final String WAIT_OPTION = "xtables-wait";
    private static final int DEFAULT_WAIT = 5;
    /** Beyond the lock wait, what a save or restore of a large table may take. */
    private static final Duration SLACK = Duration.ofSeconds(60);

    private final LegacyTables legacy;

    /** @param legacy which legacy tables exist: {@link LegacyTables#PROC} in the agent, the namespace's view in tests */
    IptablesProviderBase(LegacyTables legacy) {
        this.legacy = legacy;
    }

    /** The fixed mode, or empty to detect it. */
    abstract Optional<IptablesMode> fixedMode();

    /** {@code iptables-legacy} or {@code iptables-nft} when the mode is fixed; empty for the detecting provider. */
    @Override
    public Optional<String> rulesetId() {
        return fixedMode().map(IptablesMode::rulesetId);
    }

    @Override
    public Availability probe(BackendContext context) {
        List<IptablesMode> modes = fixedMode().map(List::of).orElse(List.of(IptablesMode.NFT, IptablesMode.LEGACY));
        List<String> missing = new java.util.ArrayList<>();
        for (IptablesMode mode : modes) {
            String binary = mode.binary(IpFamily.IPV4, IptablesMode.Tool.MAIN);
            try {
                CommandRunner.Result r = context.commands().run(List.of(binary, "--version"), "", Duration.ofSeconds(10));
                Optional<ToolVersion> v = ToolVersion.parse(r.stdout());
                if (r.ok() && v.isPresent()) {
                    return Availability.available(v.get().text());
                }
                missing.add(binary + " --version failed (exit " + r.exitCode() + ")");
            } catch (IOException e) {
                missing.add(binary + " not found");
            }
        }
        return Availability.unavailable(String.join("; ", missing));
    }

    @Override
    public FirewallBackend create(BackendContext context) throws BackendException {
        int wait = waitSeconds(context.options());
        Duration timeout = SLACK.plusSeconds(wait);
        IptablesMode mode = fixedMode().orElseGet(() -> {
            ModeDetector.Detection d = new ModeDetector(context.commands(), timeout, legacy).detect();
            LOG.info("iptables mode {}: {} (pin it with --backend=iptables-legacy or iptables-nft)", d.mode().label(), d.reason());
            return d.mode();
        });
        Xtables tools = new Xtables(context.commands(), mode, wait, timeout, legacy);
        Optional<ToolVersion> version = version(tools);
        if (version.isPresent()) {
            LOG.info("using {}{}", version.get().text(),
                    version.get().supportsRandomFully() ? "" : " (older than 1.6.2: no --random-fully)");
        }
        return new IptablesBackend(id(), tools, version);
    }

    private static Optional<ToolVersion> version(Xtables tools) {
        String binary = tools.mode().binary(IpFamily.IPV4, IptablesMode.Tool.MAIN);
        try {
            return ToolVersion.parse(tools.run(List.of(binary, "--version"), "", "query the iptables version"));
        } catch (BackendException e) {
            // Rendering still works; every sync will fail with this reason until the binary appears.
            LOG.warn("{}; sync will fail until it is installed", e.getMessage());
            return Optional.empty();
        }
    }

    static int waitSeconds(Map<String, String> options) throws BackendException {
        for (String key : options.keySet()) {
            if (!key.equals(WAIT_OPTION)) {
                throw new BackendException(BackendException.Reason.FAILED,
                        "unknown iptables backend option \"" + key + "\" (known: " + WAIT_OPTION + ")");
            }
        }
        String text = options.get(WAIT_OPTION);
        if (text == null) {
            return DEFAULT_WAIT;
        }
        if (!text.matches("\\d{1,4}")) {
            throw new BackendException(BackendException.Reason.FAILED,
                    "invalid iptables backend option " + WAIT_OPTION + "=\"" + text + "\": expected whole seconds, 0-9999");
        }
        return Integer.parseInt(text);
    }
}
