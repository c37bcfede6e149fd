package masq.api.spi;

import java.util.Objects;

/**
 * What a backend is, for logs and the {@code backend_info} metric.
 *
 * @param id          the provider id
 * @param mode        e.g. {@code legacy}, {@code nft}, {@code libnftables}, {@code nft-cli}, {@code none}
 * @param toolVersion the version of the tool or library driven, or {@code ""} when none
 */
public record BackendInfo(String id, String mode, String toolVersion) {
    public BackendInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(toolVersion, "toolVersion");
    }
}
