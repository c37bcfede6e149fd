package masq.api.spi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares which backend a {@link FirewallBackendProvider} class provides, so the agent knows its id and
 * description without running any of its code: it reads this annotation from the class file, checks ids
 * for clashes, lists the backends in {@code --help}, and instantiates only the provider asked for with
 * {@code --backend}. Put it on the class named in {@code provides ... with} (or on the class holding a
 * static {@code provider()} method):
 *
 * <pre>{@code
 * @Backend(id = "windows-outboundnat", description = "Windows: the OutBoundNAT ExceptionList of a CNI config")
 * public final class OutboundNatBackendProvider implements FirewallBackendProvider { ... }
 * }</pre>
 *
 * <p>A provider class without it is skipped (logged at ERROR). {@link FirewallBackendProvider#id()} and
 * {@link FirewallBackendProvider#description()} return these values; a provider that overrides
 * {@code id()} with another value is refused when it is selected.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Backend {

    /** Stable id chosen with {@code --backend}: lower-case letters, digits and '-' (e.g. {@code iptables-nft}). */
    String id();

    /** One line for {@code --help}. */
    String description();
}
