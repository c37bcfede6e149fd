/**
 * The config engine: the directory source, YAML/JSON parsing, validation, merge and conflict detection,
 * and {@code explain}. Pure functions from {@link masq.api.spi.ConfigSnapshot} to a validated result:
 * {@link masq.config.ConfigEngine#load}, {@link masq.config.Explainer#explain}.
 *
 * @provides masq.api.spi.ConfigSourceProvider the {@code directory} source
 *           ({@link masq.config.DirectoryConfigSourceProvider})
 */
module masq.config {
    requires transitive masq.api;
    requires org.slf4j;
    requires com.fasterxml.jackson.databind;
    requires org.yaml.snakeyaml;
    exports masq.config;
    provides masq.api.spi.ConfigSourceProvider with masq.config.DirectoryConfigSourceProvider;
}
