package masq.testlab;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Builds small plugin jars inside a test, to check how the agent loads plugins (a good one, a broken one,
 * one claiming a taken id) without a Maven module per case. Sources are compiled by the running JDK's
 * {@code javac} in a child process (the test JVM need not resolve {@code java.compiler}).
 */
public final class PluginJars {
    private PluginJars() {
    }

    /**
     * Compiles {@code sources} (relative path, e.g. {@code module-info.java} or {@code a/b/C.java}, to text)
     * against {@code modulePath} and writes the classes to {@code jar}.
     *
     * @return {@code jar}
     * @throws IOException if javac fails (its output is in the message) or a file cannot be written
     */
    public static Path compile(Path jar, List<Path> modulePath, Map<String, String> sources)
            throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("plugin-src");
        try {
            Path src = work.resolve("src");
            Path out = work.resolve("classes");
            List<String> argv = new ArrayList<>(List.of(javac().toString(), "-d", out.toString(), "-nowarn"));
            if (!modulePath.isEmpty()) {
                argv.addAll(List.of("--module-path",
                        modulePath.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator))));
            }
            for (Map.Entry<String, String> e : sources.entrySet()) {
                Path file = src.resolve(e.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.getValue());
                argv.add(file.toString());
            }
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException("javac failed:\n" + output);
            }
            return jar(jar, out);
        } finally {
            deleteTree(work);
        }
    }

    /** Writes every file under {@code classes} into a new jar. */
    public static Path jar(Path jar, Path classes) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        Files.createDirectories(jar.toAbsolutePath().getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return ownerWritable(jar);
    }

    /** A jar holding only {@code entry} with these bytes (e.g. a corrupt {@code module-info.class}). */
    public static Path single(Path jar, String entry, byte[] content) throws IOException {
        Files.createDirectories(jar.toAbsolutePath().getParent());
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry(entry));
            out.write(content);
            out.closeEntry();
        }
        return ownerWritable(jar);
    }

    /**
     * Mode 0644 whatever the umask: the agent refuses plugin files its group or others can write, and so do
     * the tests' copies ({@code Files.copy} keeps the mode on a POSIX file system).
     */
    private static Path ownerWritable(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
        return file;
    }

    /**
     * Creates a directory for plugins (or a plugin's sub-directory) with mode 0755 whatever the umask: the
     * agent refuses plugin directories its group or others can write.
     */
    public static Path directory(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return dir;
    }

    /** Where a class was loaded from (its jar or classes directory), for a module path. */
    public static Path locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sources of a one-class backend plugin: module {@code module}, provider {@code <module>.Provider}
     * declared with {@code @Backend(id = id)}. With {@code failing}, the provider's constructor throws (a
     * broken plugin).
     */
    public static Map<String, String> providerSources(String module, String id, boolean failing) {
        return providerSources(module, id, failing ? "throw new IllegalStateException(\"broken on purpose\");" : "");
    }

    /**
     * The same with a constructor of your own, e.g. {@code System.exit(7);} or
     * {@code Thread.sleep(Long.MAX_VALUE);} (the constructor may throw any exception).
     */
    public static Map<String, String> providerSources(String module, String id, String constructorBody) {
        String pkg = module;
        return Map.of(
                "module-info.java", "module " + module + " { requires masq.api; provides"
                        + " masq.api.spi.FirewallBackendProvider with " + pkg + ".Provider; }",
                pkg.replace('.', '/') + "/Provider.java", "package " + pkg + ";\n"
                        + "import masq.api.spi.*;\n"
                        + "@Backend(id = \"" + id + "\", description = \"test plugin " + module + "\")\n"
                        + "public final class Provider implements FirewallBackendProvider {\n"
                        + "  public Provider() throws Exception { " + constructorBody + " }\n"
                        + "  public Availability probe(BackendContext c) { return Availability.available(\"test\"); }\n"
                        + "  public FirewallBackend create(BackendContext c) throws BackendException {\n"
                        + "    throw new BackendException(BackendException.Reason.UNAVAILABLE, \"test plugin\"); }\n"
                        + "}\n");
    }

    private static Path javac() {
        Path javac = Path.of(System.getProperty("java.home"), "bin", "javac");
        if (!Files.isExecutable(javac)) {
            throw new IllegalStateException("no javac in " + javac.getParent() + ": run tests on a JDK");
        }
        return javac;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
