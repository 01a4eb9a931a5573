package io.github.setupkeys.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the guidance's shell check (test resource {@code guidance/shell-check.sh}) with awscli v1. */
public final class GuidanceShellCheck {

    private GuidanceShellCheck() {
    }

    /** The user names it flags, against the endpoint given. */
    public static List<String> run(URI endpoint) {
        AwsCli.requireInstalled();
        try {
            Path script = Files.createTempFile("shell-check-", ".sh");
            try (InputStream source = GuidanceShellCheck.class.getResourceAsStream("/guidance/shell-check.sh")) {
                Files.write(script, source.readAllBytes());
            }
            ProcessBuilder builder = new ProcessBuilder("bash", script.toString());
            builder.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
            builder.environment().put("AWS_ENDPOINT_URL", endpoint.toString());
            builder.environment().put("AWS_ACCESS_KEY_ID", "testing");
            builder.environment().put("AWS_SECRET_ACCESS_KEY", "testing");
            builder.environment().put("AWS_DEFAULT_REGION", "us-east-1");
            builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("the guidance's shell check failed: " + err);
            }
            Files.delete(script);
            return out.lines().filter(line -> !line.isBlank()).toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run the guidance's shell check: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
