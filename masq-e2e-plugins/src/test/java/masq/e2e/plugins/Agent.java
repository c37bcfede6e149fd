package masq.e2e.plugins;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the jlinked image's launcher as a child process and captures what it printed. */
final class Agent {
    static final Path IMAGE = Path.of(System.getProperty("image.dir", "../masq-jlink/target/image"));
    static final Path LAUNCHER = IMAGE.resolve("bin/ip-masq-agent");

    /**
     * A finished run.
     *
     * @param exit   exit code
     * @param stdout what it wrote to stdout
     * @param stderr what it wrote to stderr (the logs)
     */
    record Run(int exit, String stdout, String stderr) {
        String all() {
            return stdout + stderr;
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    private Agent() {
    }

    static Run run(Path work, List<String> prefix, List<String> args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(prefix);
        argv.add(LAUNCHER.toString());
        argv.addAll(args);
        Path out = Files.createTempFile(work, "stdout", ".txt");
        Path err = Files.createTempFile(work, "stderr", ".txt");
        Process p = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the agent did not finish within 120 s: " + argv);
        }
        Run run = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return run;
    }

    static Run run(Path work, List<String> args) throws IOException, InterruptedException {
        return run(work, List.of(), args);
    }
}
