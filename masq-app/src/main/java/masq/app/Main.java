package masq.app;

import java.util.List;

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
        Environment env = new Environment(Console.system(), BackendRegistry.boot(), ConfigSources.boot(),
                new ProcessCommandRunner(), LogSetup::apply,
                hook -> Runtime.getRuntime().addShutdownHook(new Thread(hook, "shutdown")));
        System.exit(new Cli(env).run(List.of(args)));
    }
}
