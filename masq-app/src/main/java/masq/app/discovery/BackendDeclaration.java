package masq.app.discovery;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.Annotation;
import java.lang.classfile.AnnotationElement;
import java.lang.classfile.AnnotationValue;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.constant.ClassDesc;
import java.util.Optional;
import masq.api.spi.Backend;

/**
 * A provider class's {@link Backend @Backend(id, description)}, read from its class file with the JDK's
 * class-file API, so that knowing which backends exist runs none of their code.
 *
 * <p>Why not {@link Class#getAnnotation}: reflection parses every annotation on the class at once, and an
 * enum constant in any of them (say, a plugin's own {@code @Mode(Mode.FAST)}) initializes that enum, which
 * runs the plugin's static initializers. The {@link java.util.ServiceLoader} stream only loads the provider
 * class (no initialization), and this reads bytes.
 *
 * @param id          the declared id
 * @param description the declared description
 */
record BackendDeclaration(String id, String description) {
    private static final ClassDesc BACKEND = ClassDesc.of(Backend.class.getName());

    /**
     * The declaration of {@code type}, or empty when it has none (or its class file cannot be read).
     *
     * @throws IOException when the class file cannot be read
     */
    static Optional<BackendDeclaration> of(Class<?> type) throws IOException {
        String resource = type.getName().replace('.', '/') + ".class";
        byte[] bytes;
        // Class files are never encapsulated: any module's are readable.
        try (InputStream in = type.getModule().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("class file " + resource + " not found in " + type.getModule());
            }
            bytes = in.readAllBytes();
        }
        return ClassFile.of().parse(bytes).findAttribute(Attributes.runtimeVisibleAnnotations()).stream()
                .flatMap(a -> a.annotations().stream())
                .filter(a -> a.classSymbol().equals(BACKEND))
                .findFirst()
                .map(BackendDeclaration::from);
    }

    private static BackendDeclaration from(Annotation a) {
        return new BackendDeclaration(string(a, "id"), string(a, "description"));
    }

    /** Both elements are required Strings, so javac always writes them as constants. */
    private static String string(Annotation a, String name) {
        for (AnnotationElement e : a.elements()) {
            if (e.name().equalsString(name) && e.value() instanceof AnnotationValue.OfString s) {
                return s.stringValue();
            }
        }
        throw new IllegalArgumentException("@Backend without " + name);
    }
}
