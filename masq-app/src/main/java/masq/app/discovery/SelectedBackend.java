package masq.app.discovery;

import java.time.Duration;
import java.util.Map;
import java.util.ServiceConfigurationError;
import masq.api.spi.Availability;
import masq.api.spi.BackendContext;
import masq.api.spi.BackendException;
import masq.api.spi.FirewallBackend;
import masq.api.spi.FirewallBackendProvider;
import masq.app.platform.StartupException;

/**
 * The provider chosen with {@code --backend}, instantiated and checked against its declaration. A plugin's
 * constructor, {@link #probe} and {@link #create} each run under {@code bound} ({@link BoundedCall}); the
 * built-in providers are called directly.
 *
 * @param provider the instance
 * @param declared its declaration and origin
 * @param bound    how long each call into a plugin may take
 */
public record SelectedBackend(FirewallBackendProvider provider, DeclaredBackend declared, Duration bound) {

    /**
     * Instantiates the provider, and refuses it when its {@code id()} differs from its declaration.
     *
     * @throws StartupException when the constructor fails or hangs, or the id does not match
     */
    static SelectedBackend instantiate(DeclaredBackend d, Duration bound) throws StartupException {
        Map.Entry<FirewallBackendProvider, String> created;
        try {
            created = call(d, bound, "the constructor", RuntimeException.class, () -> {
                FirewallBackendProvider p = d.provider().get();
                return Map.entry(p, p.id());
            });
        } catch (ServiceConfigurationError | RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new StartupException("backend " + d.id() + ": provider " + d.type().getName() + " from " + d.describe()
                    + " could not be created: " + cause, e);
        }
        if (!created.getValue().equals(d.id())) {
            throw new StartupException("backend provider " + d.type().getName() + " from " + d.describe() + " declares id \""
                    + d.id() + "\" but its id() returns \"" + created.getValue() + "\": refusing it");
        }
        return new SelectedBackend(created.getKey(), d, bound);
    }

    public String id() {
        return declared.id();
    }

    String module() {
        return declared.module();
    }

    String version() {
        return declared.version();
    }

    String location() {
        return declared.location();
    }

    String describe() {
        return declared.describe();
    }

    /** {@link FirewallBackendProvider#probe}, bounded for a plugin. */
    public Availability probe(BackendContext context) throws StartupException {
        return call(declared, bound, "probe", RuntimeException.class, () -> provider.probe(context));
    }

    /**
     * {@link FirewallBackendProvider#create}, bounded for a plugin.
     *
     * @throws StartupException when the backend cannot work here (its {@link BackendException}, reason and
     *                          message kept) or a plugin's create did not return in time
     */
    public FirewallBackend create(BackendContext context) throws StartupException {
        try {
            return call(declared, bound, "create", BackendException.class, () -> provider.create(context));
        } catch (BackendException e) {
            throw new StartupException("backend " + id() + " cannot work here (" + e.reason() + "): " + e.getMessage(), e);
        }
    }

    private static <T, E extends Exception> T call(DeclaredBackend d, Duration bound, String what, Class<E> thrown,
                                                   BoundedCall.Body<T, E> body) throws E, StartupException {
        if (d.builtIn()) {
            return body.call();
        }
        return BoundedCall.call(what + " of backend " + d.id() + " (" + d.describe() + ")", bound, thrown, body);
    }
}
