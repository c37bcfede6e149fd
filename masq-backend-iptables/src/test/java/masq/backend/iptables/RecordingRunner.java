package masq.backend.iptables;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import masq.api.spi.CommandRunner;

/** Wraps a runner and records every argv, to prove what a sync did (or did not) run. */
final class RecordingRunner implements CommandRunner {
    private final CommandRunner delegate;
    private final List<List<String>> calls = new ArrayList<>();

    RecordingRunner(CommandRunner delegate) {
        this.delegate = delegate;
    }

    @Override
    public Result run(List<String> argv, String stdin, Duration timeout) throws IOException {
        calls.add(List.copyOf(argv));
        return delegate.run(argv, stdin, timeout);
    }

    synchronized void clear() {
        calls.clear();
    }

    long restores() {
        return calls.stream().filter(a -> a.getFirst().endsWith("-restore")).count();
    }

    List<List<String>> calls() {
        return List.copyOf(calls);
    }
}
