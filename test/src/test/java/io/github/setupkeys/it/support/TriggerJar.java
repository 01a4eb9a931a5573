package io.github.setupkeys.it.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** The near-real-time trigger's shaded jar, as Maven built it in the trigger module. */
public final class TriggerJar {

    private TriggerJar() {
    }

    /** The jar (the test module runs after the trigger module in {@code ./mvnw verify}). */
    public static Path path() {
        Path jar = Path.of(System.getProperty("setupkeys.trigger.jar", "../trigger/target/setupkeys-trigger.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no trigger jar at " + jar.toAbsolutePath()
                    + ": build it first with ./mvnw verify (or ./mvnw -pl trigger -am package)");
        }
        return jar;
    }
}
