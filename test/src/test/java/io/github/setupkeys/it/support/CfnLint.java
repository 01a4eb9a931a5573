package io.github.setupkeys.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** cfn-lint, the CloudFormation linter, run on one template file (missing: see {@link RequiredTool}). */
public final class CfnLint {

    /** How a run ended and what it printed. */
    public record Result(int exitCode, String output) {
    }

    private CfnLint() {
    }

    /**
     * Lints {@code template}, leaving out {@code ignoredChecks} (each with its reason where the caller lists it).
     * The file goes before {@code --ignore-checks}, which takes every argument after it.
     */
    public static Result lint(Path template, List<String> ignoredChecks) {
        List<String> command = new ArrayList<>(List.of("cfn-lint", template.toString()));
        if (!ignoredChecks.isEmpty()) {
            command.add("--ignore-checks");
            command.addAll(ignoredChecks);
        }
        Process lint;
        try {
            lint = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException notInstalled) {
            throw RequiredTool.missing("cfn-lint", "pip install cfn-lint");
        }
        try {
            String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!lint.waitFor(2, TimeUnit.MINUTES)) {
                lint.destroyForcibly();
                throw new IllegalStateException("cfn-lint did not finish in 2 minutes on " + template);
            }
            return new Result(lint.exitValue(), output);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read cfn-lint's output", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
