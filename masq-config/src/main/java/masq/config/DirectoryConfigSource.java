package masq.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import masq.api.ConfigProblem;
import masq.api.ConfigProblem.Kind;
import masq.api.ConfigProblem.Origin;
import masq.api.ConfigProblem.Severity;
import masq.api.GoQuote;
import masq.api.spi.ConfigDocument;
import masq.api.spi.ConfigSnapshot;
import masq.api.spi.ConfigSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every file of one directory whose name starts with the prefix, in lexical order. Serves both the
 * original's single {@code /etc/config/ip-masq-agent} and Azure v2's several {@code ip-masq-*} files.
 *
 * <p>kubelet mounts a ConfigMap as {@code KEY -> ..data/KEY} and {@code ..data -> ..TIMESTAMP/}, and updates it
 * by swapping {@code ..data} atomically; following the {@code KEY} symlinks therefore sees one consistent
 * version. Dot-entries and directories are skipped; anything else with the prefix that is not a readable
 * regular file (a dangling symlink, a FIFO) is reported rather than silently ignored.
 */
final class DirectoryConfigSource implements ConfigSource {
    /** Larger files are refused (a ConfigMap is at most 1 MiB anyway); protects the parser and memory. */
    static final int MAX_FILE_BYTES = 1024 * 1024;
    /**
     * More files with the prefix than this and none is read: the config is invalid (the last good one stays),
     * never partly applied. A ConfigMap is one file per key; the DaemonSet projects two ConfigMaps.
     */
    static final int MAX_FILES = 100;
    /** More bytes in all files together than this and none is used, as for {@link #MAX_FILES}: four full ConfigMaps. */
    static final int MAX_TOTAL_BYTES = 4 * MAX_FILE_BYTES;
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryConfigSource.class);

    /**
     * A file whose last write or change is this recent when it is read may change again without its stamp
     * changing (file times tick coarsely), so its stamp vouches for nothing: read it again next time. Two
     * seconds is above every Linux file system's time granularity.
     */
    static final long RACY_NANOS = 2_000_000_000L;
    /** A file not read because its stamp is unchanged is read again in full at least every this many reads. */
    static final int MAX_UNREAD = 10;

    private final Path directory;
    private final String prefix;
    private final DescriptorReader files;
    /** The wall clock in nanoseconds since the epoch, the clock file times are in. */
    private final LongSupplier wallNanos;
    /** What the last read found, by file name: one caller at a time (the sync loop, or one command). */
    private Map<String, Known> known = Map.of();

    /** A file as last read: its stamp, the wall time of that read, its text and size, reads since then. */
    private record Known(DescriptorReader.Stamp stamp, long readAt, String text, int bytes, int unread) {
        /** The stamp may stand for the text: older than the racy window, and not too many times in a row. */
        boolean vouches() {
            return unread < MAX_UNREAD && stamp.mtimeNanos() < readAt - RACY_NANOS && stamp.ctimeNanos() < readAt - RACY_NANOS;
        }
    }

    DirectoryConfigSource(Path directory, String prefix) {
        this(directory, prefix, () -> {
            Instant now = Instant.now();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        });
    }

    DirectoryConfigSource(Path directory, String prefix, LongSupplier wallNanos) {
        this.directory = directory;
        this.prefix = prefix;
        this.wallNanos = wallNanos;
        StringBuilder whyNot = new StringBuilder();
        this.files = DescriptorReader.link(whyNot).orElseThrow(() -> new IllegalStateException(
                "cannot read config files through their descriptors: " + whyNot));
    }

    @Override
    public ConfigSnapshot read() {
        if (Files.notExists(directory)) {
            return new ConfigSnapshot(false, List.of(), List.of());
        }
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            for (Path p : stream) {
                String name = p.getFileName().toString();
                if (name.startsWith(prefix) && !name.startsWith(".")) {
                    if (entries.size() == MAX_FILES) {
                        // Stop listing: 100 000 files would otherwise all be held, read and merged.
                        return new ConfigSnapshot(true, List.of(), List.of(unreadable(directory.toString(),
                                "more than " + MAX_FILES + " entries start with the prefix " + GoQuote.quote(prefix)
                                        + "; none is read")));
                    }
                    entries.add(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            return new ConfigSnapshot(true, List.of(), List.of(unreadable(directory.toString(),
                    "cannot list the config directory: " + describe(e))));
        }
        // Lexical by name, like Go's os.ReadDir (byte order equals UTF-16 order for the ASCII names in use).
        entries.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        List<ConfigDocument> documents = new ArrayList<>();
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, Known> now = new HashMap<>();
        long total = 0;
        for (Path p : entries) {
            String name = p.getFileName().toString();
            try {
                Known before = known.get(name);
                Known read = readBounded(p, before != null && before.vouches() ? before : null);
                if (read == null) {
                    LOG.debug("Ignoring directory {} in the config directory {}", name, directory);
                    continue;
                }
                now.put(name, read);
                total += read.bytes();
                if (total > MAX_TOTAL_BYTES) {
                    return new ConfigSnapshot(true, List.of(), List.of(unreadable(directory.toString(),
                            "the files starting with the prefix " + GoQuote.quote(prefix) + " hold more than "
                                    + MAX_TOTAL_BYTES + " bytes (4 MiB) together; none is used")));
                }
                documents.add(new ConfigDocument(name, read.text()));
            } catch (NotReadable e) {
                problems.add(unreadable(name, e.getMessage()));
            } catch (TooLarge e) {
                problems.add(unreadable(name, "file is larger than " + MAX_FILE_BYTES + " bytes (1 MiB)"));
            } catch (CharacterCodingException e) {
                problems.add(unreadable(name, "file is not valid UTF-8"));
            } catch (IOException | RuntimeException e) {
                problems.add(unreadable(name, "cannot read file: " + describe(e)));
            }
        }
        known = now;
        return new ConfigSnapshot(true, documents, problems);
    }

    /**
     * The file as it is now; {@code before} again (its text not read) when its stamp is still the one
     * {@code before} was read with; null for a directory.
     */
    private Known readBounded(Path p, Known before) throws IOException {
        long at = wallNanos.getAsLong();
        DescriptorReader.Outcome outcome = files.read(p, MAX_FILE_BYTES, before == null ? null : before.stamp());
        if (outcome instanceof DescriptorReader.Unchanged) {
            return new Known(before.stamp(), before.readAt(), before.text(), before.bytes(), before.unread() + 1);
        }
        byte[] bytes = bytes(p, outcome);
        return bytes == null ? null : new Known(((DescriptorReader.Content) outcome).stamp(), at, utf8(bytes),
                bytes.length, 0);
    }

    /** The file's bytes, read without a stamp; null for a directory. */
    byte[] readBounded(Path p) throws IOException {
        return bytes(p, files.read(p, MAX_FILE_BYTES));
    }

    /**
     * Reads at most the cap plus one byte, so a huge or growing file never fills memory; null for a directory.
     * The type is that of what was opened ({@link DescriptorReader}), so a FIFO swapped in after the listing
     * is reported, never waited on.
     */
    private static byte[] bytes(Path p, DescriptorReader.Outcome outcome) throws IOException {
        byte[] bytes = switch (outcome) {
            case DescriptorReader.Unchanged u -> throw new IllegalStateException("read without a stamp");
            case DescriptorReader.Content c -> c.bytes();
            case DescriptorReader.Directory d -> null;
            case DescriptorReader.NotRegular n -> throw new NotReadable("not a regular file (" + n.type() + ")");
            case DescriptorReader.Failed f -> throw new NotReadable(f.missing() && Files.isSymbolicLink(p)
                    ? "symlink points to nothing" : "cannot read file: " + f.reason());
        };
        if (bytes != null && bytes.length > MAX_FILE_BYTES) {
            throw new TooLarge();
        }
        return bytes;
    }

    private static String utf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes)).toString();
    }

    private static ConfigProblem unreadable(String file, String detail) {
        return ConfigProblem.of(Severity.ERROR, Kind.UNREADABLE, new Origin(file, "", ""), detail);
    }

    private static String describe(Exception e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }

    /** The entry is no regular file, or reading it failed; the message says which. */
    private static final class NotReadable extends IOException {
        private static final long serialVersionUID = 1L;

        NotReadable(String message) {
            super(message);
        }
    }

    /** The file exceeded {@link #MAX_FILE_BYTES}. */
    private static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;
    }
}
