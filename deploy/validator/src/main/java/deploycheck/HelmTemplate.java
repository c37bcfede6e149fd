package deploycheck;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code helm template} for machines without a helm binary (Debian has none): Helm's own Go engine, shipped
 * in helm-java's Maven Central jar, run on a local chart. Run by scripts/helm-template.sh. Takes the usual
 * arguments: {@code [NAME] CHART [-n NS] [-f VALUES]... [--set K=V[,K=V]]... [--set-file K=PATH]...
 * [--kube-version V]}; prints the manifests on stdout. The Kubernetes version defaults to 1.35.0 (what the
 * project's validator checks against; the chart needs at least 1.25), not helm's own default.
 */
public final class HelmTemplate {
    static final String DEFAULT_KUBE_VERSION = "1.35.0";
    private static final String USAGE = "usage: helm-template.sh [NAME] CHART [-n|--namespace NS] [-f|--values FILE]..."
            + " [--set K=V[,K=V...]]... [--set-string K=V]... [--set-file K=PATH]... [--kube-version V]";

    private HelmTemplate() {}

    public static void main(String[] args) {
        try {
            System.out.print(command(List.of(args)).call());
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage() + "\n" + USAGE);
            System.exit(2);
        } catch (RuntimeException e) {
            System.err.println("Error: " + e.getMessage()); // helm's own message: a template or values error
            System.exit(1);
        }
    }

    static TemplateCommand command(List<String> args) {
        List<String> positional = new ArrayList<>();
        List<Runnable> options = new ArrayList<>();
        String[] namespace = {"default"};
        String[] kubeVersion = {DEFAULT_KUBE_VERSION};
        TemplateCommand[] command = new TemplateCommand[1];
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String flag = arg.contains("=") && arg.startsWith("--") ? arg.substring(0, arg.indexOf('=')) : arg;
            boolean inline = !flag.equals(arg);
            switch (flag) {
                case "-h", "--help" -> throw new IllegalArgumentException("help");
                case "-n", "--namespace", "-f", "--values", "--set", "--set-string", "--set-file", "--kube-version" -> {
                    String value;
                    if (inline) {
                        value = arg.substring(flag.length() + 1);
                    } else if (i + 1 < args.size()) {
                        value = args.get(++i);
                    } else {
                        throw new IllegalArgumentException(flag + " needs a value");
                    }
                    switch (flag) {
                        case "-n", "--namespace" -> namespace[0] = value;
                        case "--kube-version" -> kubeVersion[0] = value.startsWith("v") ? value.substring(1) : value;
                        case "-f", "--values" -> {
                            Path file = Path.of(value);
                            if (!Files.isRegularFile(file)) {
                                throw new IllegalArgumentException("values file " + value + " not found");
                            }
                            options.add(() -> command[0].withValuesFile(file));
                        }
                        case "--set-file" -> {
                            String[] kv = keyValue(flag, value);
                            options.add(() -> command[0].setFile(kv[0], Path.of(kv[1])));
                        }
                        default -> {
                            for (String[] kv : pairs(flag, value)) {
                                options.add(() -> command[0].set(kv[0], kv[1]));
                            }
                        }
                    }
                }
                default -> {
                    if (arg.startsWith("-")) {
                        throw new IllegalArgumentException("unsupported option " + arg);
                    }
                    positional.add(arg);
                }
            }
        }
        if (positional.isEmpty() || positional.size() > 2) {
            throw new IllegalArgumentException("expected [NAME] CHART, got " + positional);
        }
        Path chart = Path.of(positional.getLast());
        if (!Files.isRegularFile(chart.resolve("Chart.yaml"))) {
            throw new IllegalArgumentException(chart + " is not a chart directory (no Chart.yaml)");
        }
        String name = positional.size() == 2 ? positional.getFirst() : "release-name";
        command[0] = new Helm(chart).template().withName(name).withNamespace(namespace[0]).withKubeVersion(kubeVersion[0]);
        options.forEach(Runnable::run);
        return command[0];
    }

    /**
     * helm's {@code --set} syntax, which helm-java does not parse (it passes each value as one scalar, typed):
     * pairs separated by commas, {@code \\,} a literal comma, {@code key={a,b}} a list (as key[0]=a, key[1]=b).
     */
    static List<String[]> pairs(String flag, String text) {
        List<String[]> pairs = new ArrayList<>();
        for (String pair : split(text)) {
            String[] kv = keyValue(flag, pair);
            String value = kv[1];
            if (value.startsWith("{") && value.endsWith("}")) {
                List<String> items = split(value.substring(1, value.length() - 1));
                for (int i = 0; i < items.size(); i++) {
                    pairs.add(new String[] {kv[0] + "[" + i + "]", unescape(items.get(i))});
                }
            } else {
                pairs.add(new String[] {kv[0], unescape(value)});
            }
        }
        return pairs;
    }

    /** Splits at commas outside braces and not escaped with a backslash. */
    private static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        parts.removeIf(String::isEmpty);
        return parts;
    }

    private static String unescape(String value) {
        return value.replace("\\,", ",");
    }

    private static String[] keyValue(String flag, String value) {
        int eq = value.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException(flag + " " + value + ": expected KEY=VALUE");
        }
        return new String[] {value.substring(0, eq), value.substring(eq + 1)};
    }
}
