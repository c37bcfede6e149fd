package masq.app.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** render cannot detect the iptables mode without root: it says what it assumed and how to pin it. */
class RenderCommandTest {

    @Test
    void notRootWithTheAutoDetectingBackendSaysWhichModeItAssumed() {
        assertEquals(Optional.of("note: not root, so the iptables mode (legacy or nft) cannot be detected: rendering for"
                + " iptables-nft; pin it with --backend=iptables-legacy or --backend=iptables-nft"),
                RenderCommand.assumedMode("iptables", OptionalInt.of(1000)));
        assertEquals(Optional.empty(), RenderCommand.assumedMode("iptables", OptionalInt.of(0)), "root detects");
        assertEquals(Optional.empty(), RenderCommand.assumedMode("iptables-legacy", OptionalInt.of(1000)), "pinned");
        assertEquals(Optional.empty(), RenderCommand.assumedMode("nftables", OptionalInt.of(1000)), "no modes");
        assertEquals(Optional.empty(), RenderCommand.assumedMode("iptables", OptionalInt.empty()), "uid unknown");
    }
}
