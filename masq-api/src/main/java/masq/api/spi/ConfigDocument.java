package masq.api.spi;

import java.util.Objects;

/**
 * One configuration document.
 *
 * @param name    the name used in every message about it (the file name for a directory source)
 * @param content its text (UTF-8 decoded)
 */
public record ConfigDocument(String name, String content) {
    public ConfigDocument {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(content, "content");
    }
}
