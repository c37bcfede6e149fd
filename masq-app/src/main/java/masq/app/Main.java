package masq.app;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Entry point: wires the production collaborators and runs the command line. Nothing else. */
public final class Main {
    private Main() {
    }

    /**
     * Runs the agent; exits 0 on success, 1 on failure, 2 on a bad command line.
     *
     * @param args the command line, Go flag syntax
     */
    public static void main(String[] args) {
        // SIGTERM is how a pod stops: after the hook let the loop finish, exit with the command's status (0)
        // instead of the JVM's 143, so a clean stop does not look like a crash.
        CompletableFuture<Integer> status = new CompletableFuture<>();
        Environment env = new Environment(Console.system(), BackendRegistry.boot(), ConfigSources.boot(),
                new ProcessCommandRunner(), LogSetup::apply,
                hook -> Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    hook.run();
                    try {
                        Runtime.getRuntime().halt(status.get(1, TimeUnit.SECONDS));
                    } catch (Exception e) {
                        // the loop outlived the grace period: let the JVM end with its own status (143)
                    }
                }, "shutdown")));
        int code = new Cli(env).run(List.of(args));
        status.complete(code);
        System.exit(code);
    }
}
