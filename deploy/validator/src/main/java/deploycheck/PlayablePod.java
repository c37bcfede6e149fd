package deploycheck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Turns the DaemonSet's pod template into a Pod that {@code podman kube play} (4.3) can run, changing
 * only what podman cannot do or what the test must control, and printing it as YAML:
 * <ul>
 *   <li>kind Pod (kube play does not run DaemonSets), the given image with {@code imagePullPolicy: Never};</li>
 *   <li>the projected volume becomes a configMap volume of its first source (the user's ConfigMap,
 *       same items and modes): podman 4.3 supports no projected volumes;</li>
 *   <li>the xtables lock hostPath points at the test's own file;</li>
 *   <li>extra args appended; with {@code --no-health} the health flag and probes are dropped (for an
 *       agent without the health server).</li>
 * </ul>
 * Usage: {@code PlayablePod DAEMONSET.yaml IMAGE LOCKFILE [--no-health] [ARG...]}.
 */
public final class PlayablePod {
    private PlayablePod() {}

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws IOException {
        Map<String, Object> daemonSet = null;
        for (Object doc : new Yaml(new LoaderOptions()).loadAll(Files.readString(Path.of(args[0])))) {
            if (doc instanceof Map<?, ?> m && "DaemonSet".equals(m.get("kind"))) {
                daemonSet = (Map<String, Object>) m;
            }
        }
        if (daemonSet == null) {
            throw new IllegalArgumentException(args[0] + ": no DaemonSet");
        }
        boolean noHealth = List.of(args).contains("--no-health");
        Map<String, Object> template = map(map(daemonSet, "spec"), "template");
        Map<String, Object> spec = map(template, "spec");
        Map<String, Object> container = ((List<Map<String, Object>>) spec.get("containers")).getFirst();
        container.put("image", args[1]);
        container.put("imagePullPolicy", "Never");
        List<String> containerArgs = new ArrayList<>((List<String>) container.get("args"));
        if (noHealth) {
            containerArgs.removeIf(a -> a.startsWith("--health-bind-address"));
            container.remove("livenessProbe");
            container.remove("readinessProbe");
        }
        for (int i = 3; i < args.length; i++) {
            if (!args[i].equals("--no-health")) {
                containerArgs.add(args[i]);
            }
        }
        container.put("args", containerArgs);
        for (Map<String, Object> volume : (List<Map<String, Object>>) spec.get("volumes")) {
            if (volume.containsKey("projected")) {
                Map<String, Object> projected = (Map<String, Object>) volume.remove("projected");
                Map<String, Object> first = (Map<String, Object>) ((List<Map<String, Object>>) projected.get("sources")).getFirst();
                Map<String, Object> configMap = new LinkedHashMap<>((Map<String, Object>) first.get("configMap"));
                configMap.put("defaultMode", projected.get("defaultMode"));
                volume.put("configMap", configMap);
            }
            if (volume.containsKey("hostPath")) {
                map(volume, "hostPath").put("path", args[2]);
            }
        }
        Map<String, Object> pod = new LinkedHashMap<>();
        pod.put("apiVersion", "v1");
        pod.put("kind", "Pod");
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", map(daemonSet, "metadata").get("name"));
        metadata.put("labels", map(template, "metadata").get("labels"));
        pod.put("metadata", metadata);
        pod.put("spec", spec);
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        System.out.print(new Yaml(options).dump(pod));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.get(key);
    }
}
