package masq.testlab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * A directory of wrapper scripts put in front of the agent's {@code PATH}, so a tool fails, hangs or
 * misbehaves on cue (a marker file, an argument) while everything else runs the real binaries. Only the
 * agent started with {@link #env()} sees them; nothing on the machine changes.
 */
public final class ToolShims {
    private final Path dir;

    private ToolShims(Path dir) {
        this.dir = dir;
    }

    /** A shim directory at {@code dir} (created). */
    public static ToolShims in(Path dir) throws IOException {
        return new ToolShims(Files.createDirectories(dir));
    }

    /**
     * Writes {@code tool} as a {@code /bin/sh} script with this body (mode 0755). To hand over to the real
     * tool, end the body with {@code exec '<KernelTests.which(tool)>' "$@"}.
     */
    public ToolShims add(String tool, String body) throws IOException {
        Path script = dir.resolve(tool);
        Files.writeString(script, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return this;
    }

    /** The environment that puts the shims first: {@code PATH=<dir>:<the test's PATH>}. */
    public Map<String, String> env() {
        return Map.of("PATH", dir + ":" + KernelTests.path());
    }
}
