package io.github.setupkeys.bench;

import io.github.setupkeys.lambda.FakeContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * A small jar of the child JVMs' main classes ({@link InvokeOnce}, {@link BareJvm}) and the one test class they
 * use ({@link FakeContext}), to put beside the shaded rule jar. A jar, not a class directory, because a CDS
 * archive can only be made and used with a class path of jars.
 */
final class LauncherJar {

    private static final List<String> CLASSES = List.of(InvokeOnce.class.getName(), BareJvm.class.getName(),
            FakeContext.class.getName(), FakeContext.class.getName() + "$1");

    private LauncherJar() {
    }

    static Path writeTo(Path jar) {
        try {
            Files.createDirectories(jar.getParent());
            try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
                for (String name : CLASSES) {
                    String entry = name.replace('.', '/') + ".class";
                    try (InputStream in = LauncherJar.class.getClassLoader().getResourceAsStream(entry)) {
                        if (in == null) {
                            throw new IllegalStateException("no class file for " + name);
                        }
                        out.putNextEntry(new JarEntry(entry));
                        in.transferTo(out);
                        out.closeEntry();
                    }
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
