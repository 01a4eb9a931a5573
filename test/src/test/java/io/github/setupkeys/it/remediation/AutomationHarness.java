package io.github.setupkeys.it.remediation;

import com.google.gson.Gson;
import io.github.setupkeys.it.support.ChildProcess;
import io.github.setupkeys.it.support.PythonScript;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the remediation document's own code here through {@code automation_harness.py}, which executes its
 * steps as Automation does (parameters checked and defaulted, {@code {{ Step.Output }}} chained, outputs
 * selected and typed). Python with boto3 and PyYAML is a required tool: skipped without it, failed on CI.
 */
final class AutomationHarness {

    /** Emulator user ids are lowercase, not AIDA…: the id pattern is tested on its own instead. */
    private static final String WAIVED_PATTERN = "IAMResourceId";
    static final String ASSUME_ROLE = "arn:aws:iam::123456789012:role/setupkeys-remediation";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static volatile String python;

    private final URI endpoint;

    private AutomationHarness(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** A harness whose AWS calls go to {@code endpoint} (moto, or the stand-in in front of it). */
    static AutomationHarness against(URI endpoint) {
        requirePython();
        return new AutomationHarness(endpoint);
    }

    /** Runs the remediation document with {@code parameters} (the assume role added unless given). */
    AutomationRun run(Map<String, String> parameters) {
        Map<String, String> all = new LinkedHashMap<>(Map.of("AutomationAssumeRole", ASSUME_ROLE));
        all.putAll(parameters);
        return run(RemediationFiles.inRepo(RemediationFiles.DOCUMENT), all);
    }

    /** Runs any document with exactly {@code parameters}. */
    AutomationRun run(Path document, Map<String, String> parameters) {
        String json = execute(Map.of("AWS_ENDPOINT_URL", endpoint.toString(), "AWS_ACCESS_KEY_ID", "testing",
                "AWS_SECRET_ACCESS_KEY", "testing"), "run", document, new Gson().toJson(parameters), WAIVED_PATTERN);
        return new Gson().fromJson(json, AutomationRun.class);
    }

    /** One vector through the document's predicate: what the file expects and what the document decided. */
    record VectorResult(String name, List<String> expected, List<String> actual) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Every shared vector through the predicate function of the document's SelectOffendingKeys script. */
    static List<VectorResult> predicateOnEveryVector() {
        requirePython();
        record Results(List<VectorResult> cases) {
        }
        String json = execute(Map.of(), "predicate", RemediationFiles.inRepo(RemediationFiles.DOCUMENT),
                RemediationFiles.inRepo(RemediationFiles.VECTORS).toString());
        return new Gson().fromJson(json, Results.class).cases();
    }

    private static String execute(Map<String, String> environment, String mode, Path document, String... arguments) {
        List<String> command = new ArrayList<>(List.of(python, RemediationFiles.inRepo(RemediationFiles.HARNESS)
                .toString(), mode, document.toString()));
        command.addAll(List.of(arguments));
        ChildProcess.Result result = ChildProcess.runWithoutAwsSettings("the automation harness", command,
                environment, TIMEOUT);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("the automation harness failed (exit " + result.exitCode() + "): "
                    + result.stderr());
        }
        return result.stdout();
    }

    private static void requirePython() {
        python = PythonScript.interpreter("boto3", "yaml");
    }
}
