package masq.testlab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A directory laid out and updated the way kubelet's atomic writer updates a ConfigMap volume:
 * {@code KEY -> ..data/KEY}, {@code ..data -> ..<timestamp>/}. An update writes a new timestamped directory,
 * points a {@code ..data_tmp} symlink at it, renames that over {@code ..data} (one atomic rename(2), the
 * moment readers see the new version), then adds symlinks for new keys, removes those of dropped keys, and
 * deletes the old directory — in that order.
 */
public final class KubeletConfigMap {
    private final Path dir;
    private int version;

    private KubeletConfigMap(Path dir) {
        this.dir = dir;
    }

    /** Creates the directory (if needed) with a first version of the data. */
    public static KubeletConfigMap create(Path dir, Map<String, String> data) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KubeletConfigMap map = new KubeletConfigMap(dir);
        map.update(data);
        return map;
    }

    public Path dir() {
        return dir;
    }

    /**
     * Publishes a new version.
     *
     * @return the instant right after the {@code ..data} rename (when the new version became visible)
     */
    public Instant update(Map<String, String> data) {
        try {
            Path data0 = dir.resolve("..data");
            Path old = Files.isSymbolicLink(data0) ? dir.resolve(Files.readSymbolicLink(data0)) : null;
            Path fresh = dir.resolve("..%s_%04d".formatted(Instant.now().toString().replace(':', '_'), ++version));
            Files.createDirectory(fresh);
            for (Map.Entry<String, String> e : new TreeMap<>(data).entrySet()) {
                Files.writeString(fresh.resolve(e.getKey()), e.getValue());
            }
            Path tmp = dir.resolve("..data_tmp");
            Files.deleteIfExists(tmp);
            Files.createSymbolicLink(tmp, fresh.getFileName());
            Files.move(tmp, data0, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Instant visible = Instant.now();
            for (String key : data.keySet()) {
                Path link = dir.resolve(key);
                if (!Files.isSymbolicLink(link)) {
                    Files.createSymbolicLink(link, Path.of("..data", key));
                }
            }
            try (Stream<Path> entries = Files.list(dir)) {
                for (Path p : entries.toList()) {
                    String name = p.getFileName().toString();
                    if (!name.startsWith(".") && !data.containsKey(name)) {
                        Files.delete(p);
                    }
                }
            }
            if (old != null) {
                deleteTree(old);
            }
            return visible;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the whole directory (as when the volume goes away). */
    public void remove() {
        deleteTree(dir);
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
