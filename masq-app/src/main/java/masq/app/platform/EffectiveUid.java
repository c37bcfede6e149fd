package masq.app.platform;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.OptionalInt;

/**
 * The agent's effective user id, from {@code geteuid(2)} through the JDK's FFM API (docs/decisions.md D1;
 * the launcher passes {@code --enable-native-access=masq.app}). The JDK exposes only the real uid
 * ({@code com.sun.security.auth.module.UnixSystem}), and what the kernel checks is the effective one.
 */
public final class EffectiveUid {
    private EffectiveUid() {
    }

    /** The effective uid, or empty where {@code geteuid} cannot be called (not a POSIX system). */
    public static OptionalInt get() {
        try {
            Linker linker = Linker.nativeLinker();
            MethodHandle geteuid = linker.downcallHandle(linker.defaultLookup().findOrThrow("geteuid"),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT));
            return OptionalInt.of((int) geteuid.invokeExact());
        } catch (Throwable e) {
            return OptionalInt.empty();
        }
    }
}
