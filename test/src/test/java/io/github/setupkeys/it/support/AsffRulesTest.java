package io.github.setupkeys.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The ASFF rules find what they are for: each documented rule, broken once, on an otherwise valid finding. */
class AsffRulesTest {

    private static final Path EXAMPLE = Path.of(System.getProperty("setupkeys.repo.root", ".."),
            "docs/examples/sample.asff.json");

    @Test
    void theDocsExampleBreaksNoRule() throws IOException {
        for (var finding : example()) {
            assertThat(AsffRules.violations(finding.getAsJsonObject())).isEmpty();
        }
    }

    @Test
    void aMissingRequiredMemberIsNamed() throws IOException {
        assertThat(broken(finding -> finding.remove("Severity"))).containsExactly("Severity is required");
        assertThat(broken(finding -> finding.remove("Types"))).containsExactly("Types is required");
    }

    @Test
    void valuesOutsideTheirEnumsAreFound() throws IOException {
        assertThat(broken(finding -> finding.getAsJsonObject("Severity").addProperty("Label", "SEVERE")))
                .containsExactly("Severity.Label SEVERE is not one of " + AsffRules.SEVERITY_LABELS);
        assertThat(broken(finding -> finding.getAsJsonObject("Compliance").addProperty("Status", "OK")))
                .containsExactly("Compliance.Status OK is not one of " + AsffRules.COMPLIANCE_STATUSES);
        assertThat(broken(finding -> finding.getAsJsonArray("Types").set(0, new JsonPrimitive("Checks/CIS"))))
                .containsExactly("Types Checks/CIS is not namespace/category/classifier of the ASFF taxonomy");
        assertThat(broken(finding -> finding.getAsJsonArray("Resources").get(0).getAsJsonObject()
                .addProperty("Partition", "aws-eu"))).hasSize(1);
    }

    @Test
    void lengthsBeyondTheLimitsAreFound() throws IOException {
        assertThat(broken(finding -> finding.addProperty("Title", "t".repeat(257))))
                .containsExactly("Title has 257 characters, more than 256");
        assertThat(broken(finding -> finding.getAsJsonObject("Remediation").getAsJsonObject("Recommendation")
                .addProperty("Text", "x".repeat(513)))).containsExactly("Remediation.Recommendation.Text has more than 512 characters");
        assertThat(broken(finding -> {
            JsonArray requirements = finding.getAsJsonObject("Compliance").getAsJsonArray("RelatedRequirements");
            for (int i = 0; i < 30; i++) {
                requirements.add("CIS AWS Foundations Benchmark v9.9." + i + "/1.11");
            }
        })).containsExactly("Compliance.RelatedRequirements has more than 32 entries");
    }

    @Test
    void blankStringsBadTimesAndAnotherAccountsProductAreFound() throws IOException {
        assertThat(broken(finding -> finding.addProperty("GeneratorId", " "))).containsExactly("GeneratorId is empty or blank");
        assertThat(broken(finding -> finding.addProperty("UpdatedAt", "2026-12-01 08:00:00")))
                .containsExactly("UpdatedAt 2026-12-01 08:00:00 is not a timestamp the API takes");
        assertThat(broken(finding -> finding.addProperty("UpdatedAt", "2026-11-01T08:00:00Z")))
                .containsExactly("UpdatedAt is before CreatedAt");
        assertThat(broken(finding -> finding.addProperty("AwsAccountId", "444455556666"))).singleElement().asString()
                .startsWith("ProductArn arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default is not "
                        + "the default product of account 444455556666");
    }

    private static java.util.List<String> broken(Consumer<JsonObject> breaking) throws IOException {
        JsonObject finding = example().get(0).getAsJsonObject();
        breaking.accept(finding);
        return AsffRules.violations(finding);
    }

    private static JsonArray example() throws IOException {
        return JsonParser.parseString(Files.readString(EXAMPLE)).getAsJsonArray();
    }
}
