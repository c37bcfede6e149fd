package masq.api.spi;

import java.util.List;
import java.util.Objects;

/**
 * What a backend would send to the kernel, one payload per transaction, in order.
 *
 * @param payloads the transactions
 */
public record Rendering(List<Payload> payloads) {
    public Rendering {
        payloads = List.copyOf(payloads);
    }

    /**
     * One transaction.
     *
     * @param target where the text goes, e.g. {@code iptables-restore -w 5 --noflush (IPv4)}
     * @param text   the exact bytes sent, as text
     */
    public record Payload(String target, String text) {
        public Payload {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(text, "text");
        }
    }
}
