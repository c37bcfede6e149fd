package example.windows.outboundnat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.channels.FileChannel;

/**
 * A text file replaced atomically: readers (the CNI plugin starting a pod) see the old content or the new,
 * never a half-written file. The new content goes to a temporary file in the same directory (a rename is
 * only atomic within one file system), is flushed to disk, takes the old file's permissions and owner,
 * and is renamed over the old one; the directory is then flushed so the rename survives a crash.
 * A symbolic link is followed: its target is replaced, the link stays.
 */
final class AtomicFile {
    private final Path path;

    AtomicFile(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    String read() throws IOException {
        return Files.readString(path, StandardCharsets.UTF_8);
    }

    void replace(String content) throws IOException {
        Path target = path.toRealPath();
        Path dir = target.getParent();
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    ch.write(bytes);
                }
                ch.force(true);
            }
            copyPermissions(target, tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + target + " atomically: " + e.getMessage(), e);
            }
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void copyPermissions(Path from, Path to) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(to, PosixFileAttributeView.class);
        if (view == null) {
            return; // Windows: the new file inherits the directory's ACL, as the old one did
        }
        PosixFileAttributes old = Files.readAttributes(from, PosixFileAttributes.class);
        view.setPermissions(old.permissions());
        if (!old.owner().equals(view.readAttributes().owner()) || !old.group().equals(view.readAttributes().group())) {
            view.setOwner(old.owner()); // needs privileges; the agent runs as root/SYSTEM
            view.setGroup(old.group());
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Windows cannot open a directory as a channel; NTFS journals the rename itself.
        }
    }
}
