package masq.config;

import masq.api.spi.ConfigSource;
import masq.api.spi.ConfigSourceContext;
import masq.api.spi.ConfigSourceProvider;

/**
 * The {@code directory} config source: every regular file (or symlink to one) in
 * {@link ConfigSourceContext#directory()} whose name starts with {@link ConfigSourceContext#filePrefix()},
 * in lexical order; dot-entries and directories are ignored. A missing directory gives a snapshot that is
 * not present (defaults apply). Files over 1 MiB, unreadable files, dangling symlinks and other non-regular
 * files with the prefix are {@code UNREADABLE} errors naming the file.
 */
public final class DirectoryConfigSourceProvider implements ConfigSourceProvider {
    /** The id of this source. */
    public static final String ID = "directory";

    /** For {@link java.util.ServiceLoader}. */
    public DirectoryConfigSourceProvider() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public ConfigSource create(ConfigSourceContext context) {
        return new DirectoryConfigSource(context.directory(), context.filePrefix());
    }
}
