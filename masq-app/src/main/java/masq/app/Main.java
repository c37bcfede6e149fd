package masq.app;

import java.time.Clock;
import java.util.List;
import masq.app.command.Environment;
import masq.app.discovery.BackendRegistry;
import masq.app.discovery.ConfigSources;
import masq.app.logging.LogSetup;
import masq.app.platform.Console;
import masq.app.platform.ProcessCommandRunner;
import masq.app.platform.SignalDispatch;

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
        // First of all: from here on SIGTERM/SIGINT stop cleanly and SIGHUP/SIGUSR1 resync (SignalDispatch),
        // whatever start-up is doing; the exit status is the command's (0 for a stopped run).
        SignalDispatch signals = SignalDispatch.install();
        Environment env = new Environment(Console.system(), BackendRegistry.boot(), ConfigSources.boot(),
                new ProcessCommandRunner(), LogSetup::apply, signals, Clock.systemUTC());
        System.exit(new Dispatcher(env).run(List.of(args)));
    }
}
