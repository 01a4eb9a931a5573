package io.github.setupkeys.it.support;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", path().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
        builder.environment().put("AWS_REGION", "us-east-1");
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        builder.environment().put("AWS_CONFIG_FILE", "/nonexistent/setupkeys-test-config");
        builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/setupkeys-test-credentials");
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("the rule jar did not finish in 5 minutes");
            }
            return new Run(process.exitValue(), stdout.join(), stderr.join());
        } catch (IOException e) {
            throw new IllegalStateException("cannot run the rule jar: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String read(java.io.InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
