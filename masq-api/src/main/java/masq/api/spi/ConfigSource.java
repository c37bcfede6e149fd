package masq.api.spi;

/** Reads the current configuration documents. Called once per sync; must not cache. */
@FunctionalInterface
public interface ConfigSource {

    /** The documents as they are now, in merge order, plus any problems met while reading them. */
    ConfigSnapshot read();
}
