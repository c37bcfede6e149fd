package masq.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file whose stamp (device, inode, size, mtime, ctime) is unchanged is not read again, once the stamp
 * is older than the racy window; a text not read again is the very same String as the last read's.
 * The wall clock is moved by hand (no sleeps): the file times are the kernel's, real ones.
 */
class DirectoryStampsTest {
    @TempDir
    Path dir;
    private final AtomicLong clock = new AtomicLong();
    private DirectoryConfigSource source;
    private Path file;

    @BeforeEach
    void setUp() throws IOException {
        Instant now = Instant.now();
        clock.set(now.getEpochSecond() * 1_000_000_000L + now.getNano());
        source = new DirectoryConfigSource(dir, "ip-masq", clock::get);
        file = dir.resolve("ip-masq-agent");
        Files.writeString(file, "nonMasqueradeCIDRs:\n  - 10.0.0.0/8\n");
    }

    private String text() {
        return source.read().documents().getFirst().content();
    }

    /** Reads until the stamp vouches for the text: a read made once the file is older than the racy window. */
    private String settled() {
        clock.addAndGet(DirectoryConfigSource.RACY_NANOS + 1_000_000_000L);
        return text();
    }

    @Test
    void aFileWrittenWithinTheRacyWindowIsReadAgain() {
        String first = text();
        assertNotSame(first, text(), "written just now: the stamp vouches for nothing");
        assertEquals(first, text());
    }

    @Test
    void anUnchangedFileIsNotReadAgainOnceItsStampIsOldEnough() {
        String read = settled();
        assertSame(read, text());
        assertSame(read, text());
    }

    @Test
    void anEditInPlaceOfTheSameSizeIsRead() throws IOException {
        settled();
        Files.writeString(file, "nonMasqueradeCIDRs:\n  - 11.0.0.0/8\n");
        assertEquals("nonMasqueradeCIDRs:\n  - 11.0.0.0/8\n", text());
    }

    @Test
    void aFileRenamedOverTheNameIsRead() throws IOException {
        settled();
        Path next = dir.resolve(".next");
        Files.writeString(next, "nonMasqueradeCIDRs:\n  - 12.0.0.0/8\n");
        Files.setLastModifiedTime(next, Files.getLastModifiedTime(file)); // same size, same mtime: a new inode
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        assertEquals("nonMasqueradeCIDRs:\n  - 12.0.0.0/8\n", text());
    }

    @Test
    void atLeastEveryTenthReadIsAFullRead() {
        String read = settled();
        for (int i = 0; i < DirectoryConfigSource.MAX_UNREAD; i++) {
            assertSame(read, text(), "read " + i);
        }
        String full = text();
        assertNotSame(read, full);
        assertEquals(read, full);
        assertSame(full, text());
    }
}
