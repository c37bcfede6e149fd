package deploycheck;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real promtool (path in $PROMTOOL, set by scripts/validate-manifests.sh from scripts/lib/promtool.sh). */
final class Promtool {
    private Promtool() {}

    /** Null when promtool exits 0, else why (its output). */
    static String run(Path directory, List<String> arguments) {
        String promtool = System.getenv("PROMTOOL");
        if (promtool == null || promtool.isBlank()) {
            return "PROMTOOL is not set (scripts/validate-manifests.sh sets it; scripts/lib/promtool.sh fetches promtool)";
        }
        List<String> command = new ArrayList<>(List.of(promtool));
        command.addAll(arguments);
        try {
            Process p = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "promtool did not finish within 60 s";
            }
            return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ":\n" + output;
        } catch (IOException e) {
            return "cannot run " + promtool + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
