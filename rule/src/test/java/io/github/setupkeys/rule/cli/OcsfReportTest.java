package io.github.setupkeys.rule.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.setupkeys.rule.domain.RuleMetadata;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * {@code scan --format ocsf}: one OCSF 1.6.0 Compliance Finding per user. The schema's own field rules are checked
 * on the built jar's output in the test module ({@code OcsfFieldRulesTest}); this is what each field says.
 */
class OcsfReportTest {

    private static final String SAMPLE = ScanCommandTest.SAMPLE.toString();

    private final JsonArray events = ocsf(CliRun.scan("--credential-report", SAMPLE, "--format", "ocsf", "--region",
            "eu-west-1"));

    @Test
    void everyUserIsOneComplianceFindingCreatedAtTheScanInMilliseconds() {
        assertThat(events).hasSize(8);
        for (JsonElement element : events) {
            JsonObject event = element.getAsJsonObject();
            assertThat(event.get("class_uid").getAsInt()).isEqualTo(2003);
            assertThat(event.get("category_uid").getAsInt()).isEqualTo(2);
            assertThat(event.get("type_uid").getAsLong()).isEqualTo(200301);
            assertThat(event.get("time").getAsLong()).isEqualTo(CliRun.NOW.toEpochMilli());
            assertThat(event.getAsJsonObject("metadata").get("version").getAsString()).isEqualTo("1.6.0");
            assertThat(event.getAsJsonObject("cloud").getAsJsonObject("account").get("uid").getAsString())
                    .isEqualTo("111122223333");
            assertThat(event.getAsJsonObject("cloud").get("region").getAsString()).isEqualTo("eu-west-1");
        }
    }

    @Test
    void theFindingsUidIsTheAsffId() {
        JsonArray asff = AsffReportTest.asff(CliRun.scan("--credential-report", SAMPLE, "--format", "asff", "--region",
                "eu-west-1"));

        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).getAsJsonObject().getAsJsonObject("finding_info").get("uid").getAsString())
                    .isEqualTo(asff.get(i).getAsJsonObject().get("Id").getAsString());
        }
    }

    @Test
    void aFindingFailsTheComplianceCheckAtMediumAndIsNew() {
        JsonObject alice = user("alice");

        assertThat(alice.get("severity_id").getAsInt()).isEqualTo(3);
        assertThat(alice.get("severity").getAsString()).isEqualTo("Medium");
        assertThat(alice.get("status_id").getAsInt()).isEqualTo(1);
        assertThat(alice.get("status_code").getAsString()).isEqualTo("NON_COMPLIANT");
        JsonObject compliance = alice.getAsJsonObject("compliance");
        assertThat(compliance.get("status_id").getAsInt()).isEqualTo(3);
        assertThat(compliance.get("status").getAsString()).isEqualTo("Fail");
        assertThat(compliance.get("control").getAsString()).isEqualTo(RuleMetadata.TITLE);
        assertThat(compliance.getAsJsonArray("standards").asList()).extracting(JsonElement::getAsString)
                .contains("CIS AWS Foundations Benchmark v1.4.0", "CIS AWS Foundations Benchmark v6.0.0");
        assertThat(compliance.getAsJsonArray("requirements").asList()).extracting(JsonElement::getAsString)
                .contains("CIS AWS Foundations Benchmark v1.4.0/1.11", "CIS AWS Foundations Benchmark v6.0.0/2.10");
        assertThat(alice.getAsJsonObject("remediation").get("desc").getAsString()).contains("aws iam list-access-keys");
        assertThat(alice.getAsJsonArray("resources").get(0).getAsJsonObject().getAsJsonObject("data")
                .getAsJsonArray("offending_access_key_ids").get(0).getAsString()).isEqualTo("access_key_1");
    }

    @Test
    void aPassedCheckIsInformationalAndResolvedAndNotApplicableIsOther() {
        assertThat(user("bob").get("severity_id").getAsInt()).isEqualTo(1);
        assertThat(user("bob").get("status").getAsString()).isEqualTo("Resolved");
        assertThat(user("bob").getAsJsonObject("compliance").get("status").getAsString()).isEqualTo("Pass");
        assertThat(user("ci-deployer").getAsJsonObject("compliance").get("status_id").getAsInt()).isEqualTo(99);
        assertThat(user("ci-deployer").getAsJsonObject("compliance").get("status").getAsString())
                .isEqualTo("Not Applicable");
    }

    @Test
    void theRuleParametersAreTheControlsParameters() {
        assertThat(user("bob").getAsJsonObject("compliance").getAsJsonArray("control_parameters").asList())
                .extracting(element -> element.getAsJsonObject().get("name").getAsString() + "="
                        + element.getAsJsonObject().get("value").getAsString())
                .containsExactly("setupWindowSeconds=3600", "requireNeverUsed=true", "includeInactiveKeys=false");
    }

    private JsonObject user(String name) {
        return StreamSupport.stream(events.spliterator(), false).map(JsonElement::getAsJsonObject)
                .filter(event -> event.getAsJsonArray("resources").get(0).getAsJsonObject().get("name").getAsString()
                        .equals(name))
                .findFirst().orElseThrow();
    }

    private static JsonArray ocsf(CliRun run) {
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(1);
        return JsonParser.parseString(run.stdout()).getAsJsonArray();
    }
}
