package masq.app.discovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import masq.app.platform.EffectiveUid;

/**
 * Whether a plugin file may be loaded into an agent that runs as root with NET_ADMIN: code loaded from a
 * place another user can write is that user's code running as root. The rule, as OpenSSH's StrictModes
 * applies it to {@code authorized_keys}: the path is resolved (symbolic links followed, and the agent then
 * loads the resolved path, so a link swapped later does not matter), and the file and every directory
 * above it must be owned by root or by the agent's own effective uid, and must not be writable by group or
 * others. One exception for the directories above: a sticky one (like {@code /tmp}, mode 1777), where
 * others may create entries but cannot rename or remove ours.
 *
 * <p>Uses the JDK's POSIX attributes ({@code unix:} view: numeric uid, mode with the sticky bit). Where the
 * file system has no POSIX attributes, nothing can be checked and every plugin is refused.
 */
final class PluginTrust {
    private static final int GROUP_OR_OTHER_WRITE = 0022;
    private static final int STICKY = 01000;

    private final Set<Integer> owners;
    private final String ownersText;
    /** Directories already checked in this load: a plugin directory holds many files under one parent chain. */
    private final Map<Path, Optional<String>> checkedDirs = new HashMap<>();

    /** @param owners the uids that may own plugin files and the directories above them */
    PluginTrust(Set<Integer> owners) {
        this.owners = Set.copyOf(owners);
        List<Integer> others = new TreeSet<>(owners).stream().filter(uid -> uid != 0).toList();
        this.ownersText = others.isEmpty() ? "root" : "root or the agent's user (uid "
                + String.join(", ", others.stream().map(String::valueOf).toList()) + ")";
    }

    /** Root and the agent's effective uid (root only when it cannot be read). */
    static PluginTrust ofThisProcess() {
        Set<Integer> owners = new TreeSet<>(Set.of(0));
        EffectiveUid.get().ifPresent(owners::add);
        return new PluginTrust(owners);
    }

    /** What the refusals add: the rule, where to read more. */
    static final String RULE = "plugins run with the agent's privileges, so they and every directory above them must be"
            + " owned by root or the agent's user and not writable by group or others (docs/plugins.md)";

    /**
     * A path resolved and judged.
     *
     * @param realPath the resolved path to load (when {@link #ok()})
     * @param refusal  why it may not be loaded, or empty
     */
    record Verdict(Path realPath, String refusal) {
        boolean ok() {
            return refusal.isEmpty();
        }
    }

    /** {@link #check} for a plugin entry: a jar, or a sub-directory with everything in it (links followed). */
    Verdict checkPlugin(Path entry) {
        Verdict v = check(entry);
        if (!v.ok() || !Files.isDirectory(v.realPath())) {
            return v;
        }
        // The module finder reads the sub-directory's jars and exploded modules, following links.
        try (Stream<Path> all = Files.walk(v.realPath(), FileVisitOption.FOLLOW_LINKS)) {
            return all.map(this::check).filter(x -> !x.ok()).findFirst().orElse(v);
        } catch (IOException | UncheckedIOException e) {
            return refused(entry, "cannot read " + entry + ": " + e.getMessage());
        }
    }

    /** Resolves {@code path} and checks it and every directory above its real path. */
    Verdict check(Path path) {
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            return refused(path, "cannot resolve " + path + ": " + e);
        }
        Optional<String> problem = problem(real, false);
        for (Path dir = real.getParent(); problem.isEmpty() && dir != null; dir = dir.getParent()) {
            Path d = dir;
            problem = checkedDirs.computeIfAbsent(d, x -> problem(x, true));
        }
        if (problem.isPresent()) {
            return refused(real, problem.get() + (real.equals(path.toAbsolutePath()) ? "" : " (" + path + " resolves to " + real + ")"));
        }
        return new Verdict(real, "");
    }

    private static Verdict refused(Path path, String why) {
        return new Verdict(path, why);
    }

    /** What is wrong with one resolved path, if anything. */
    private Optional<String> problem(Path p, boolean above) {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(p, "unix:uid,mode,owner,permissions");
        } catch (UnsupportedOperationException e) {
            return Optional.of("cannot check the owner and mode of " + p + ": the file system has no POSIX attributes");
        } catch (IOException e) {
            return Optional.of("cannot read the owner and mode of " + p + ": " + e);
        }
        int uid = (Integer) a.get("uid");
        int mode = (Integer) a.get("mode");
        @SuppressWarnings("unchecked")
        Set<PosixFilePermission> permissions = (Set<PosixFilePermission>) a.get("permissions");
        String perms = PosixFilePermissions.toString(permissions);
        if (!owners.contains(uid)) {
            return Optional.of(p + " is owned by " + ((UserPrincipal) a.get("owner")).getName() + " (uid " + uid
                    + "), not by " + ownersText);
        }
        if ((mode & GROUP_OR_OTHER_WRITE) != 0 && !(above && (mode & STICKY) != 0)) {
            return Optional.of(p + " is writable by " + ((mode & 0002) != 0 ? "others" : "its group") + " (" + perms + ")");
        }
        return Optional.empty();
    }
}
