package masq.app.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The agent's version: the Maven project version, filtered into a resource at build time. */
public final class Version {
    private Version() {
    }

    public static String current() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return Version.class.getModule().getDescriptor() == null ? "UNKNOWN"
                        : Version.class.getModule().getDescriptor().rawVersion().orElse("UNKNOWN");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "UNKNOWN");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
