package masq.testlab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolShimsTest {

    @Test
    void aShimRunsFirstAndCanHandOverToTheRealTool(@TempDir Path tmp) throws Exception {
        ToolShims shims = ToolShims.in(tmp.resolve("shim"))
                .add("uname", "echo shimmed; exec '" + KernelTests.which("uname") + "' \"$@\"\n");
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", "uname -s").redirectErrorStream(true);
        pb.environment().putAll(shims.env());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        assertEquals("shimmed\nLinux\n", out);
    }
}
