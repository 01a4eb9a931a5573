package io.github.setupkeys.it.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness the remediation tests rely on, on small documents without AWS calls: it chains typed
 * outputs as Automation does, and refuses what it does not emulate instead of skipping it.
 */
class AutomationHarnessTest {

    @TempDir
    Path directory;
    private AutomationHarness harness;

    @BeforeEach
    void harness() {
        harness = AutomationHarness.against(URI.create("http://127.0.0.1:9"));  // these documents call no AWS API
    }

    @Test
    void outputsReachLaterStepsWithTheirTypesAndTheDocumentOutputs() throws IOException {
        AutomationRun run = harness.run(document("""
                parameters:
                  Flag: {type: Boolean, default: false, allowedValues: [true, false]}
                outputs: [Second.Echo]
                mainSteps:
                  - name: First
                    action: aws:executeScript
                    inputs:
                      Runtime: python3.11
                      Handler: first
                      InputPayload: {Flag: '{{ Flag }}'}
                      Script: |-
                        def first(events, context):
                            return {"Ids": ["A", "B"], "Flag": events["Flag"]}
                    outputs:
                      - {Name: Ids, Selector: $.Payload.Ids, Type: StringList}
                      - {Name: Flag, Selector: $.Payload.Flag, Type: Boolean}
                  - name: Second
                    action: aws:executeScript
                    inputs:
                      Runtime: python3.11
                      Handler: second
                      InputPayload: {Ids: '{{ First.Ids }}', Flag: '{{ First.Flag }}'}
                      Script: |-
                        def second(events, context):
                            return {"Echo": f"{type(events['Ids']).__name__}:{events['Ids']}:{events['Flag'] is True}"}
                    outputs:
                      - {Name: Echo, Selector: $.Payload.Echo, Type: String}
                """), Map.of("Flag", "true"));

        assertThat(run.status()).as(run.failure()).isEqualTo("Success");
        assertThat(run.output("Second.Echo")).isEqualTo("list:['A', 'B']:True");
    }

    @Test
    void aPayloadThatDoesNotFitTheOutputTypeFailsTheStep() throws IOException {
        AutomationRun run = harness.run(document(step("return {'Ids': {'not': 'a list'}}",
                "{Name: Ids, Selector: $.Payload.Ids, Type: StringList}")), Map.of());

        assertThat(run.status()).isEqualTo("Failed");
        assertThat(run.failure()).contains("Only", "is not a StringList");
    }

    @Test
    void aBranchStepIsRefusedNotSkipped() throws IOException {
        Path branching = document(step("return {}", "{Name: X, Selector: $.Payload.X}") + """
                  - name: Choose
                    action: aws:branch
                    inputs: {Choices: [], Default: Only}
                """);

        assertThatThrownBy(() -> harness.run(branching, Map.of())).hasMessageContaining("aws:branch is not emulated");
    }

    @Test
    void aReferenceToAnUnknownOutputIsRefused() throws IOException {
        Path dangling = document(step("return {}", "{Name: X, Selector: $.Payload.X}")
                .replace("InputPayload: {}", "InputPayload: {Y: '{{ Only.Missing }}'}"));

        assertThatThrownBy(() -> harness.run(dangling, Map.of()))
                .hasMessageContaining("names no parameter and no output of an earlier step");
    }

    @Test
    void aSleepHandsTheRunToTheTestUntilTheTimestampInsteadOfWaiting() throws IOException {
        List<AutomationHarness.Sleep> sleeps = new ArrayList<>();

        AutomationRun tooLong = harness.run(sleepingUntil("'2099-01-01T00:00:00Z'"), Map.of());
        AutomationRun withinAWeek = harness.run(sleepingUntil(
                "f'{datetime.now(timezone.utc) + timedelta(days=6):%Y-%m-%dT%H:%M:%SZ}'"), Map.of(), sleeps::add);

        assertThat(tooLong.status()).isEqualTo("Failed");
        assertThat(tooLong.failure()).contains("more than Automation's 604799 s");
        assertThat(withinAWeek.status()).as(withinAWeek.failure()).isEqualTo("Success");
        assertThat(sleeps).singleElement().satisfies(sleep -> {
            assertThat(sleep.step()).isEqualTo("Wait");
            assertThat(Duration.between(sleep.from(), sleep.until())).isBetween(Duration.ofDays(6).minusSeconds(2),
                    Duration.ofDays(6));
        });
        assertThat(withinAWeek.step("Wait").orElseThrow().sleptUntil()).isEqualTo(sleeps.get(0).until().toString());
    }

    @Test
    void aSleepTimestampThatIsNotIso8601FailsTheStep() throws IOException {
        AutomationRun run = harness.run(sleepingUntil("'tomorrow'"), Map.of());

        assertThat(run.status()).isEqualTo("Failed");
        assertThat(run.failure()).contains("Timestamp 'tomorrow' is not an ISO 8601 time");
    }

    /** A script step whose output {@code until} (a Python expression) the next step, an aws:sleep, sleeps until. */
    private Path sleepingUntil(String until) throws IOException {
        return document(step("from datetime import datetime, timedelta, timezone\n            return {'Until': "
                + until + "}", "{Name: Until, Selector: $.Payload.Until, Type: String}") + """
                  - name: Wait
                    action: aws:sleep
                    inputs:
                      Timestamp: '{{ Only.Until }}'
                """);
    }

    private Path document(String body) throws IOException {
        Path file = Files.createTempFile(directory, "document", ".yaml");
        Files.writeString(file, "schemaVersion: '0.3'\n" + body);
        return file;
    }

    private static String step(String body, String output) {
        return """
                mainSteps:
                  - name: Only
                    action: aws:executeScript
                    inputs:
                      Runtime: python3.11
                      Handler: only
                      InputPayload: {}
                      Script: |-
                        def only(events, context):
                            %s
                    outputs:
                      - %s
                """.formatted(body, output);
    }
}
