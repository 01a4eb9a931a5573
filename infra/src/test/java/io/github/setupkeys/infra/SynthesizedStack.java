package io.github.setupkeys.infra;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Template;

/**
 * The app's stack synthesized once, as {@code cdk synth} would with {@code context}, its template and the
 * annotations cdk-nag left on it. The function's code is a small stand-in jar: what the stack does with
 * the jar does not depend on its content (the real jar is synthesized in the test module).
 */
record SynthesizedStack(Template template, Annotations annotations) {

    /** The document in remediation-ssm/ (tests run in the infra module's directory). */
    static final Path REMEDIATION_DOCUMENT = Path.of(System.getProperty("setupkeys.remediation.document",
            "../remediation-ssm/iam-user-setup-keys-remediation.yaml"));

    static SynthesizedStack synthesize(Map<String, Object> context, Path workDirectory) {
        SetupKeysStack stack = SetupKeysApp.define(app(context, workDirectory));
        return of(stack);
    }

    static SynthesizedStack of(Stack stack) {
        return new SynthesizedStack(Template.fromStack(stack), Annotations.fromStack(stack));
    }

    /** An app as {@code cdk synth} would make it with {@code context}, before the app's stacks are defined. */
    static App app(Map<String, Object> context, Path workDirectory) {
        Map<String, Object> withJar = new HashMap<>(context);
        withJar.putIfAbsent(DeploymentSettings.RULE_JAR, standInJar(workDirectory).toString());
        withJar.putIfAbsent(NearRealTimeSettings.TRIGGER_JAR, standInJar(workDirectory).toString());
        withJar.putIfAbsent(DeploymentSettings.REMEDIATION_DOCUMENT, REMEDIATION_DOCUMENT.toString());
        return new App(AppProps.builder()
                .outdir(workDirectory.resolve("cdk.out").toString())
                .context(withJar)
                .build());
    }

    static Path standInJar(Path directory) {
        Path jar = directory.resolve("setupkeys-rule.jar");
        try (OutputStream file = Files.newOutputStream(Files.createDirectories(directory).resolve(jar.getFileName()));
                ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.putNextEntry(new ZipEntry("stand-in.txt"));
            zip.write("not the rule".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jar;
    }
}
