package io.github.setupkeys.it.support;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the shaded rule jar as users do: {@code java -jar setupkeys-rule.jar …} in its own process. */
public final class RuleJar {

    /** What a run printed and how it ended. */
    public record Run(int exitCode, String stdout, String stderr) {
    }

    private RuleJar() {
    }

    /** The jar Maven built in the rule module (the test module runs after it in {@code ./mvnw verify}). */
    public static Path path() {
        Path jar = Path.of(System.getProperty("setupkeys.rule.jar", "../rule/target/setupkeys-rule.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no rule jar at " + jar.toAbsolutePath()
                    + ": build it first with ./mvnw verify (or ./mvnw -pl rule package)");
        }
        return jar;
    }

    /** Runs with credentials for the emulator at {@code endpoint} (or none when {@code endpoint} is null). */
    public static Run run(URI endpoint, String... args) {
        Map<String, String> environment = endpoint == null ? Map.of() : Map.of(
                "AWS_ENDPOINT_URL", endpoint.toString(),
                "AWS_ACCESS_KEY_ID", "testing",
                "AWS_SECRET_ACCESS_KEY", "testing");
        return run(environment, args);
    }

    /** Runs with exactly {@code environment} (plus a region and IMDS off, so nothing leaves this machine). */
    public static Run run(Map<String, String> environment, String... args) {
        return runIn(null, List.of(), environment, args);
    }

    /** Runs offline in {@code directory}, as a user who typed the command there. */
    public static Run runIn(Path directory, String... args) {
        return runIn(directory, List.of(), Map.of(), args);
    }

    /** Runs in a JVM started with {@code jvmOptions} ({@code -Xmx6m} …), with exactly {@code environment}. */
    public static Run run(List<String> jvmOptions, Map<String, String> environment, String... args) {
        return runIn(null, jvmOptions, environment, args);
    }

    private static Run runIn(Path directory, List<String> jvmOptions, Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", path().toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ChildProcess.Result result = ChildProcess.runWithoutAwsSettings("the rule jar", command, environment,
                Duration.ofMinutes(5), directory);
        return new Run(result.exitCode(), result.stdout(), result.stderr());
    }
}
