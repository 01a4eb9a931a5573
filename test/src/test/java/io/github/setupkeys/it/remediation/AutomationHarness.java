package io.github.setupkeys.it.remediation;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.setupkeys.it.support.ChildProcess;
import io.github.setupkeys.it.support.PythonScript;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

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

    /** Where a run's {@code aws:sleep} step would have slept until, handed to the test instead of waiting. */
    record Sleep(String step, Instant until, Instant from) {
    }

    /** Runs the remediation document with {@code parameters} (the assume role added unless given). */
    AutomationRun run(Map<String, String> parameters) {
        return run(parameters, sleep -> { });
    }

    /**
     * Runs the remediation document with {@code parameters}; at each {@code aws:sleep} step the run stops and
     * {@code duringSleep} acts as if the sleep were passing (say, using a key during the grace period).
     */
    AutomationRun run(Map<String, String> parameters, Consumer<Sleep> duringSleep) {
        Map<String, String> all = new LinkedHashMap<>(Map.of("AutomationAssumeRole", ASSUME_ROLE));
        all.putAll(parameters);
        return run(RemediationFiles.inRepo(RemediationFiles.DOCUMENT), all, duringSleep);
    }

    /** Runs any document with exactly {@code parameters}. */
    AutomationRun run(Path document, Map<String, String> parameters) {
        return run(document, parameters, sleep -> { });
    }

    /** Runs any document with exactly {@code parameters}, handing each sleep to {@code duringSleep}. */
    AutomationRun run(Path document, Map<String, String> parameters, Consumer<Sleep> duringSleep) {
        List<String> command = List.of(python, RemediationFiles.inRepo(RemediationFiles.HARNESS).toString(), "run",
                "--interactive", document.toString(), new Gson().toJson(parameters), WAIVED_PATTERN);
        Process process;
        try {
            process = ChildProcess.withoutAwsSettings(command, Map.of("AWS_ENDPOINT_URL", endpoint.toString(),
                    "AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing"), null).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run the automation harness: " + e.getMessage(), e);
        }
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        CompletableFuture<Void> watchdog = CompletableFuture.runAsync(() -> { },
                CompletableFuture.delayedExecutor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                .thenRun(process::destroyForcibly);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8));
                Writer in = new OutputStreamWriter(process.getOutputStream(), UTF_8)) {
            String last = null;
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                JsonObject message = JsonParser.parseString(line).getAsJsonObject();
                if (message.has("sleep")) {
                    JsonObject sleep = message.getAsJsonObject("sleep");
                    duringSleep.accept(new Sleep(sleep.get("step").getAsString(),
                            Instant.parse(sleep.get("until").getAsString()),
                            OffsetDateTime.parse(sleep.get("from").getAsString()).toInstant()));
                    in.write("\n");
                    in.flush();
                } else {
                    last = line;
                }
            }
            int exit = process.waitFor();
            if (exit != 0 || last == null) {
                throw new IllegalStateException("the automation harness failed (exit " + exit + "): " + stderr.join());
            }
            return new Gson().fromJson(last, AutomationRun.class);
        } catch (IOException e) {
            throw new IllegalStateException("the automation harness failed: " + e.getMessage() + " " + stderr.join(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            watchdog.cancel(false);
            process.destroy();
        }
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

    /** What the document makes of one exemption vector: its reading of a text, or whether a user is exempt. */
    record ExemptTagResults(List<Reading> readings, List<Match> matches) {

        record Reading(String text, boolean accepted, String key, String value, String why) {
        }

        record Match(String name, boolean exempt) {
        }
    }

    /** Every exemption vector through the document's ExemptTag pattern and its ApplyExemptTag script. */
    static ExemptTagResults exemptTagOnEveryVector() {
        requirePython();
        String json = execute(Map.of(), "exempt-tag", RemediationFiles.inRepo(RemediationFiles.DOCUMENT),
                RemediationFiles.inRepo(RemediationFiles.EXEMPT_TAG_VECTORS).toString());
        return new Gson().fromJson(json, ExemptTagResults.class);
    }

    private static String readAll(InputStream stream) {
        try {
            return new String(stream.readAllBytes(), UTF_8);
        } catch (IOException e) {
            return "(stderr unreadable: " + e.getMessage() + ")";
        }
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
