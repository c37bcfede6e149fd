package masq.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    private final Path directory;
    private final String prefix;

    DirectoryConfigSource(Path directory, String prefix) {
        this.directory = directory;
        this.prefix = prefix;
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
        long total = 0;
        for (Path p : entries) {
            String name = p.getFileName().toString();
            if (Files.isDirectory(p)) {
                LOG.debug("Ignoring directory {} in the config directory {}", name, directory);
                continue;
            }
            if (!Files.isRegularFile(p)) {
                problems.add(unreadable(name, Files.isSymbolicLink(p) && Files.notExists(p)
                        ? "symlink points to nothing" : "not a regular file"));
                continue;
            }
            try {
                byte[] bytes = readBounded(p);
                total += bytes.length;
                if (total > MAX_TOTAL_BYTES) {
                    return new ConfigSnapshot(true, List.of(), List.of(unreadable(directory.toString(),
                            "the files starting with the prefix " + GoQuote.quote(prefix) + " hold more than "
                                    + MAX_TOTAL_BYTES + " bytes (4 MiB) together; none is used")));
                }
                documents.add(new ConfigDocument(name, utf8(bytes)));
            } catch (TooLarge e) {
                problems.add(unreadable(name, "file is larger than " + MAX_FILE_BYTES + " bytes (1 MiB)"));
            } catch (CharacterCodingException e) {
                problems.add(unreadable(name, "file is not valid UTF-8"));
            } catch (IOException | RuntimeException e) {
                problems.add(unreadable(name, "cannot read file: " + describe(e)));
            }
        }
        return new ConfigSnapshot(true, documents, problems);
    }

    /** Reads at most the cap plus one byte, so a huge or growing file never fills memory. */
    private static byte[] readBounded(Path p) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(p)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        }
        if (bytes.length > MAX_FILE_BYTES) {
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

    /** The file exceeded {@link #MAX_FILE_BYTES}. */
    private static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;
    }
}
