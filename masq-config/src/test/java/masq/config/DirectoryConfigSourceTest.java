package masq.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import masq.api.ConfigProblem;
import masq.api.spi.ConfigDocument;
import masq.api.spi.ConfigSnapshot;
import masq.api.spi.ConfigSourceContext;
import masq.api.spi.ConfigSourceProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class DirectoryConfigSourceTest {
    @TempDir
    Path dir;

    private ConfigSnapshot read(Path directory) {
        return new DirectoryConfigSourceProvider()
                .create(new ConfigSourceContext(directory, "ip-masq", Map.of())).read();
    }

    private static List<String> names(ConfigSnapshot s) {
        return s.documents().stream().map(ConfigDocument::name).toList();
    }

    private static List<String> problems(ConfigSnapshot s) {
        return s.problems().stream().map(p -> p.severity() + " " + p.kind() + " " + p).toList();
    }

    @Test
    void readsPrefixedFilesInLexicalOrderWithTheirContent() throws IOException {
        Files.writeString(dir.resolve("ip-masq-b"), "masqLinkLocal: true\n");
        Files.writeString(dir.resolve("ip-masq-agent"), "a\n");
        Files.writeString(dir.resolve("ip-masq-10-cloud"), "c\n");
        Files.writeString(dir.resolve("other"), "ignored\n");
        Files.writeString(dir.resolve("README-ip-masq"), "ignored\n");

        ConfigSnapshot s = read(dir);

        assertTrue(s.present());
        assertEquals(List.of("ip-masq-10-cloud", "ip-masq-agent", "ip-masq-b"), names(s));
        assertEquals("masqLinkLocal: true\n", s.documents().get(2).content());
        assertEquals(List.of(), s.problems());
    }

    @Test
    void ignoresDirectoriesAndDotEntries() throws IOException {
        Files.createDirectory(dir.resolve("ip-masq-dir"));
        Files.writeString(dir.resolve("ip-masq-dir").resolve("ip-masq-inner"), "x\n");
        Files.writeString(dir.resolve(".ip-masq-hidden"), "x\n");

        ConfigSnapshot hidden = new DirectoryConfigSourceProvider()
                .create(new ConfigSourceContext(dir, ".ip-masq", Map.of())).read();
        ConfigSnapshot s = read(dir);

        assertEquals(List.of(), names(hidden), "dot-entries are skipped even when the prefix matches");
        assertEquals(List.of(), names(s));
        assertEquals(List.of(), s.problems());
        assertTrue(s.present());
    }

    @Test
    void followsKubeletConfigMapSymlinks() throws IOException {
        // kubelet's layout: KEY -> ..data/KEY, ..data -> ..2024_01_01_00_00_00.000000000/
        Path version = Files.createDirectory(dir.resolve("..2024_01_01_00_00_00.000000000"));
        Files.writeString(version.resolve("ip-masq-agent"), "nonMasqueradeCIDRs: [10.0.0.0/8]\n");
        Files.writeString(version.resolve("ip-masq-agent-reconciled"), "masqLinkLocal: true\n");
        Files.createSymbolicLink(dir.resolve("..data"), dir.relativize(version));
        Files.createSymbolicLink(dir.resolve("ip-masq-agent"), Path.of("..data/ip-masq-agent"));
        Files.createSymbolicLink(dir.resolve("ip-masq-agent-reconciled"), Path.of("..data/ip-masq-agent-reconciled"));

        ConfigSnapshot s = read(dir);

        assertEquals(List.of("ip-masq-agent", "ip-masq-agent-reconciled"), names(s));
        assertEquals("nonMasqueradeCIDRs: [10.0.0.0/8]\n", s.documents().get(0).content());
        assertEquals(List.of(), s.problems());
    }

    @Test
    void seesTheNewVersionAfterKubeletSwapsDataLink() throws IOException {
        Path v1 = Files.createDirectory(dir.resolve("..v1"));
        Path v2 = Files.createDirectory(dir.resolve("..v2"));
        Files.writeString(v1.resolve("ip-masq-agent"), "one\n");
        Files.writeString(v2.resolve("ip-masq-agent"), "two\n");
        Files.createSymbolicLink(dir.resolve("..data"), Path.of("..v1"));
        Files.createSymbolicLink(dir.resolve("ip-masq-agent"), Path.of("..data/ip-masq-agent"));
        assertEquals("one\n", read(dir).documents().getFirst().content());

        Files.createSymbolicLink(dir.resolve("..data_tmp"), Path.of("..v2"));
        Files.move(dir.resolve("..data_tmp"), dir.resolve("..data"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);

        assertEquals("two\n", read(dir).documents().getFirst().content());
    }

    private static Path mkfifo(Path path) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertEquals(0, p.waitFor(), "mkfifo " + path);
        return path;
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // the unfixed read blocks in open(2)
    void readingAFifoWithoutAWriterIsAProblemNotAHang() throws Exception {
        // The race of the issue made deterministic: the listing said "regular file", then the name became a
        // FIFO; the read itself is what must not block. Nobody ever opens the FIFO for writing here.
        Path fifo = mkfifo(dir.resolve("ip-masq-agent"));
        DirectoryConfigSource source = new DirectoryConfigSource(dir, "ip-masq");
        IOException e = assertThrows(IOException.class, () -> source.readBounded(fifo));
        assertEquals("not a regular file (a FIFO)", e.getMessage());
        assertEquals(List.of("ERROR UNREADABLE ip-masq-agent: not a regular file (a FIFO)"), problems(source.read()));
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aFileSwappedWithAFifoWhileReadingNeverBlocks() throws Exception {
        Path name = dir.resolve("ip-masq-agent");
        Path regular = Files.writeString(dir.resolve(".regular"), "masqLinkLocal: true\n");
        Path fifo = mkfifo(dir.resolve(".fifo"));
        Files.createLink(name, regular);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread swapper = Thread.ofPlatform().start(() -> {
            // Renames are atomic: the name is always a regular file or a FIFO, flipping as fast as it can.
            for (int i = 0; !stop.get(); i++) {
                try {
                    Files.deleteIfExists(dir.resolve(".next"));
                    Files.createLink(dir.resolve(".next"), i % 2 == 0 ? fifo : regular);
                    Files.move(dir.resolve(".next"), name, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        java.util.Set<String> seen = new java.util.TreeSet<>();
        try {
            for (int i = 0; i < 2000; i++) {
                ConfigSnapshot s = read(dir);
                seen.add(s.documents().isEmpty() ? problems(s).toString() : s.documents().getFirst().content());
            }
        } finally {
            stop.set(true);
            swapper.join();
        }
        assertTrue(java.util.Set.of("masqLinkLocal: true\n", "[ERROR UNREADABLE ip-masq-agent: not a regular file (a FIFO)]")
                .containsAll(seen), seen.toString());
    }

    @Test
    void socketsAndDevicesAreNotRead() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("ip-masq-null"), Path.of("/dev/null"));
        assertEquals(List.of("ERROR UNREADABLE ip-masq-null: not a regular file (a character device)"), problems(read(dir)));
        Files.delete(link); // before @TempDir's clean-up, which warns about links leaving the directory
    }

    @Test
    void missingDirectoryIsNotPresent() {
        ConfigSnapshot s = read(dir.resolve("nope"));

        assertFalse(s.present());
        assertEquals(List.of(), s.documents());
        assertEquals(List.of(), s.problems());
    }

    @Test
    void oversizedFileIsUnreadableAndOthersAreStillRead() throws IOException {
        Files.write(dir.resolve("ip-masq-big"), new byte[DirectoryConfigSource.MAX_FILE_BYTES + 1]);
        Files.write(dir.resolve("ip-masq-exactly-at-cap"), "#".repeat(DirectoryConfigSource.MAX_FILE_BYTES)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));

        ConfigSnapshot s = read(dir);

        assertEquals(List.of("ip-masq-exactly-at-cap"), names(s));
        assertEquals(List.of("ERROR UNREADABLE ip-masq-big: file is larger than 1048576 bytes (1 MiB)"), problems(s));
    }

    @Test
    void danglingSymlinkAndInvalidUtf8AreUnreadable() throws IOException {
        Files.createSymbolicLink(dir.resolve("ip-masq-agent"), Path.of("..data/ip-masq-agent"));
        Files.write(dir.resolve("ip-masq-latin1"), new byte[] {'a', ':', ' ', (byte) 0xe9, '\n'});

        ConfigSnapshot s = read(dir);

        assertEquals(List.of(), names(s));
        assertEquals(List.of("ERROR UNREADABLE ip-masq-agent: symlink points to nothing",
                "ERROR UNREADABLE ip-masq-latin1: file is not valid UTF-8"), problems(s));
    }

    @Test
    void aFileInPlaceOfTheDirectoryIsUnreadable() throws IOException {
        Path file = Files.writeString(dir.resolve("config"), "x");

        ConfigSnapshot s = read(file);

        assertTrue(s.present());
        assertEquals(1, s.problems().size());
        ConfigProblem p = s.problems().getFirst();
        assertEquals(ConfigProblem.Kind.UNREADABLE, p.kind());
        assertTrue(p.toString().startsWith(file + ": cannot list the config directory: "), p.toString());
    }

    @Test
    void unreadableFileMakesTheConfigInvalid() throws IOException {
        Files.write(dir.resolve("ip-masq-big"), new byte[DirectoryConfigSource.MAX_FILE_BYTES + 1]);
        Files.writeString(dir.resolve("ip-masq-ok"), "masqLinkLocal: true\n");

        LoadResult r = ConfigEngine.load(read(dir), new ConfigSettings(false, false, ConflictPolicy.WARN,
                java.time.Duration.ofSeconds(60)));

        assertFalse(r.valid());
    }

    @Test
    void isProvidedAsAServiceUnderItsId() {
        // Only masq.app declares `uses` (project rule), so check the module descriptor instead of loading.
        var provides = DirectoryConfigSourceProvider.class.getModule().getDescriptor().provides().stream()
                .filter(p -> p.service().equals(ConfigSourceProvider.class.getName()))
                .flatMap(p -> p.providers().stream()).toList();

        assertEquals(List.of(DirectoryConfigSourceProvider.class.getName()), provides);
        assertEquals("directory", new DirectoryConfigSourceProvider().id());
    }
}
