package io.github.setupkeys.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program the tests drive (the rule jar, python3) in its own process, with the AWS settings of the
 * developer's environment removed so that nothing it does can reach a real account.
 */
public final class ChildProcess {

    /** What a run printed and how it ended. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    private ChildProcess() {
    }

    /**
     * Runs {@code command} with no {@code AWS_*} variables but a region, IMDS off, no AWS config files and
     * then {@code environment}; {@code what} names the program in errors.
     */
    public static Result runWithoutAwsSettings(String what, List<String> command, Map<String, String> environment,
            Duration timeout) {
        return runWithoutAwsSettings(what, command, environment, timeout, null);
    }

    /** As above, in {@code directory} (the test's working directory when null). */
    public static Result runWithoutAwsSettings(String what, List<String> command, Map<String, String> environment,
            Duration timeout, Path directory) {
        ProcessBuilder builder = withoutAwsSettings(command, environment, directory);
        try {
            Process process = builder.start();
            CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(what + " did not finish in " + timeout.toSeconds() + " s");
            }
            return new Result(process.exitValue(), stdout.join(), stderr.join());
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * A process builder for {@code command} in {@code directory} (the test's working directory when null) with no
     * {@code AWS_*} variables but a region, IMDS off, no AWS config files and then {@code environment}.
     */
    public static ProcessBuilder withoutAwsSettings(List<String> command, Map<String, String> environment,
            Path directory) {
        ProcessBuilder builder = new ProcessBuilder(command);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
        builder.environment().put("AWS_REGION", "us-east-1");
        builder.environment().put("AWS_DEFAULT_REGION", "us-east-1");
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        builder.environment().put("AWS_CONFIG_FILE", "/nonexistent/setupkeys-test-config");
        builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/setupkeys-test-credentials");
        builder.environment().putAll(environment);
        return builder;
    }

    private static String read(InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
