package masq.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import masq.api.IpFamily;
import masq.api.MasqPolicy;
import masq.api.PortRange;
import masq.api.spi.ConfigDocument;
import masq.config.ConfigSettings;
import masq.config.ConflictPolicy;

/**
 * How a fuzz input's bytes become a config directory and the agent's flags. The first byte holds the flags
 * (bit 0 {@code --enable-ipv6}, bit 1 {@code --nomasq-all-reserved-ranges}, bit 2 {@code --conflict-policy=reject},
 * bit 3 {@code --random-fully=false}, bits 4-5 one of four {@code --to-ports} values, bit 6 another
 * {@code --masq-chain}); the rest is the files, split at each 0xFF byte (never part of UTF-8 text), named
 * {@code ip-masq-0}, {@code ip-masq-1}, ... in merge order. A one-file target reads everything after the
 * first byte as one file, 0xFF included (it decodes to U+FFFD, as any invalid UTF-8 does).
 *
 * @param flags     the first byte
 * @param documents the files, in merge order
 */
public record FuzzInput(int flags, List<ConfigDocument> documents) {
    /** Separates files in a several-files input. */
    public static final int SEPARATOR = 0xFF;
    /** More files are appended to the last one: the merge logic is the same for 8 files or 100. */
    public static final int MAX_FILES = 8;
    private static final List<String> TO_PORTS = List.of("", "1024-29999,32768-65535", "50000", "1-1,2-65535,7000-7999");

    public FuzzInput {
        documents = List.copyOf(documents);
    }

    public static FuzzInput oneFile(byte[] data) {
        int flags = data.length == 0 ? 0 : data[0] & 0xFF;
        String text = data.length <= 1 ? "" : new String(data, 1, data.length - 1, StandardCharsets.UTF_8);
        return new FuzzInput(flags, List.of(new ConfigDocument(name(0), text)));
    }

    /** No byte after the flags: no file at all (the defaults apply). */
    public static FuzzInput severalFiles(byte[] data) {
        List<byte[]> files = files(data);
        List<ConfigDocument> docs = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            docs.add(new ConfigDocument(name(i), new String(files.get(i), StandardCharsets.UTF_8)));
        }
        return new FuzzInput(data.length == 0 ? 0 : data[0] & 0xFF, docs);
    }

    /** The files of a several-files input as bytes, for targets that write them to a directory. */
    public static List<byte[]> files(byte[] data) {
        List<byte[]> files = new ArrayList<>();
        if (data.length > 1) {
            int start = 1;
            for (int i = 1; i < data.length; i++) {
                if ((data[i] & 0xFF) == SEPARATOR && files.size() < MAX_FILES - 1) {
                    files.add(Arrays.copyOfRange(data, start, i));
                    start = i + 1;
                }
            }
            files.add(Arrays.copyOfRange(data, start, data.length));
        }
        return files;
    }

    /** The bytes of a several-files input (the seed writer's format). */
    public static byte[] encode(int flags, List<String> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(flags);
        for (int i = 0; i < files.size(); i++) {
            if (i > 0) {
                out.write(SEPARATOR);
            }
            out.writeBytes(files.get(i).getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    public static String name(int index) {
        return "ip-masq-" + index;
    }

    public boolean ipv6() {
        return (flags & 1) != 0;
    }

    public boolean allReservedRanges() {
        return (flags & 2) != 0;
    }

    public ConflictPolicy conflictPolicy() {
        return (flags & 4) != 0 ? ConflictPolicy.REJECT : ConflictPolicy.WARN;
    }

    public boolean randomFully() {
        return (flags & 8) == 0;
    }

    public String toPorts() {
        return TO_PORTS.get((flags >> 4) & 3);
    }

    public String chain() {
        return (flags & 0x40) != 0 ? "MASQ_2-x" : MasqPolicy.DEFAULT_CHAIN;
    }

    public Set<IpFamily> families() {
        return ipv6() ? EnumSet.of(IpFamily.IPV4, IpFamily.IPV6) : EnumSet.of(IpFamily.IPV4);
    }

    public ConfigSettings settings() {
        return new ConfigSettings(ipv6(), allReservedRanges(), conflictPolicy(), Duration.ofSeconds(60));
    }

    /** The command-line flags that select these settings, as the agent takes them. */
    public List<String> flagArgs() {
        List<String> args = new ArrayList<>();
        args.add("--enable-ipv6=" + ipv6());
        args.add("--nomasq-all-reserved-ranges=" + allReservedRanges());
        args.add("--conflict-policy=" + (conflictPolicy() == ConflictPolicy.REJECT ? "reject" : "warn"));
        args.add("--random-fully=" + randomFully());
        args.add("--to-ports=" + toPorts());
        args.add("--masq-chain=" + chain());
        return args;
    }

    public List<PortRange> portRanges() {
        return PortRange.parseList(toPorts());
    }
}
