package io.github.setupkeys.rule.cli;

import static io.github.setupkeys.rule.domain.TestUsers.T0;
import static io.github.setupkeys.rule.domain.TestUsers.aUser;
import static io.github.setupkeys.rule.domain.TestUsers.activeKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.setupkeys.rule.domain.RuleMetadata;
import io.github.setupkeys.rule.evaluation.InMemoryIamFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** {@code scan --format asff}: one finding per user, in the AWS Security Finding Format, for batch-import-findings. */
class AsffReportTest {

    private static final String SAMPLE = ScanCommandTest.SAMPLE.toString();
    private static final String ID_PREFIX = RuleMetadata.RULE_NAME + "/111122223333/";

    @Test
    void everyUserIsOneFindingWithAStableIdOfAccountUserAndRule() {
        JsonArray findings = asff(CliRun.scan("--credential-report", SAMPLE, "--format", "asff", "--region", "eu-west-1"));

        assertThat(findings).hasSize(8);
        assertThat(strings(findings, "Id")).containsExactly(ID_PREFIX + "alice", ID_PREFIX + "frank",
                ID_PREFIX + "ops,admin", ID_PREFIX + "bob", ID_PREFIX + "carol", ID_PREFIX + "dave", ID_PREFIX + "erin",
                ID_PREFIX + "ci-deployer");
        assertThat(strings(findings, "ProductArn"))
                .containsOnly("arn:aws:securityhub:eu-west-1:111122223333:product/111122223333/default");
        assertThat(strings(findings, "AwsAccountId")).containsOnly("111122223333");
    }

    @Test
    void aLaterScanKeepsTheIdsAndMovesTheTimes() {
        Instant later = CliRun.NOW.plus(Duration.ofHours(5));

        JsonArray first = asff(CliRun.scan("--credential-report", SAMPLE, "--format", "asff", "--region", "us-east-1"));
        JsonArray second = asff(CliRun.scanAt(later, "--credential-report", SAMPLE, "--format", "asff", "--region",
                "us-east-1"));

        assertThat(strings(second, "Id")).isEqualTo(strings(first, "Id"));
        assertThat(strings(first, "UpdatedAt")).containsOnly("2026-01-03T00:00:00Z");
        assertThat(strings(second, "UpdatedAt")).containsOnly("2026-01-03T05:00:00Z");
        assertThat(strings(second, "CreatedAt")).isEqualTo(strings(second, "UpdatedAt"));
    }

    @Test
    void aFindingFailsAtTheRulesSeverityWithTheCommandsThatFixIt() {
        JsonObject alice = user(asff(CliRun.scan("--credential-report", SAMPLE, "--format", "asff", "--region",
                "us-east-1")), "alice");

        assertThat(alice.getAsJsonObject("Compliance").get("Status").getAsString()).isEqualTo("FAILED");
        assertThat(alice.getAsJsonObject("Severity").get("Label").getAsString()).isEqualTo("MEDIUM");
        assertThat(alice.getAsJsonObject("FindingProviderFields").getAsJsonObject("Severity").get("Label").getAsString())
                .isEqualTo("MEDIUM");
        assertThat(alice.getAsJsonArray("Types").get(0).getAsString()).isEqualTo(
                "Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark");
        assertThat(alice.get("Title").getAsString()).isEqualTo(RuleMetadata.TITLE);
        assertThat(alice.get("Description").getAsString()).startsWith("IAM user alice: Console user has access key(s)");
        assertThat(alice.getAsJsonObject("Remediation").getAsJsonObject("Recommendation").get("Text").getAsString())
                .isEqualTo("To fix (deactivate first; delete once nothing breaks):\naws iam list-access-keys "
                        + "--user-name 'alice'   # deactivate the key created 2026-11-02T09:15:07Z (access_key_1)");
        assertThat(alice.getAsJsonObject("ProductFields").get("setupkeys/OffendingAccessKeyIds").getAsString())
                .isEqualTo("access_key_1");
    }

    @Test
    void theRequirementsNameTheRecommendationInEveryBenchmarkVersion() {
        JsonObject alice = user(asff(CliRun.scan("--credential-report", SAMPLE, "--format", "asff", "--region",
                "us-east-1")), "alice");

        assertThat(alice.getAsJsonObject("Compliance").getAsJsonArray("RelatedRequirements").asList())
                .extracting(JsonElement::getAsString)
                .contains("CIS AWS Foundations Benchmark v1.3.0/1.11", "CIS AWS Foundations Benchmark v4.0.1/1.11",
                        "CIS AWS Foundations Benchmark v5.0.0/1.10", "CIS AWS Foundations Benchmark v6.0.0/2.10",
                        "CIS AWS Foundations Benchmark v1.1.0/1.23", "CIS AWS Foundations Benchmark v1.2.0/1.21");
    }

    @Test
    void passedAndNotApplicableUsersAreInformational() {
        JsonArray findings = asff(CliRun.scan("--credential-report", SAMPLE, "--format", "asff", "--region", "us-east-1"));

        assertThat(user(findings, "bob").getAsJsonObject("Compliance").get("Status").getAsString()).isEqualTo("PASSED");
        assertThat(user(findings, "ci-deployer").getAsJsonObject("Compliance").get("Status").getAsString())
                .isEqualTo("NOT_AVAILABLE");
        assertThat(user(findings, "bob").getAsJsonObject("Severity").get("Label").getAsString())
                .isEqualTo("INFORMATIONAL");
        assertThat(user(findings, "bob").getAsJsonObject("Remediation").getAsJsonObject("Recommendation").get("Text")
                .getAsString()).isEqualTo(SecurityFinding.NOTHING_TO_FIX);
        assertThat(user(findings, "bob").getAsJsonObject("ProductFields").has("setupkeys/OffendingAccessKeyIds")).isFalse();
    }

    @Test
    void theResourceIsTheUserWithItsPathAndCreationOfflineWithoutAnId() {
        JsonObject ops = user(asff(CliRun.scan("--credential-report", SAMPLE, "--format", "asff", "--region",
                "us-east-1")), "ops,admin");

        JsonObject resource = ops.getAsJsonArray("Resources").get(0).getAsJsonObject();
        assertThat(resource.get("Type").getAsString()).isEqualTo("AwsIamUser");
        assertThat(resource.get("Id").getAsString()).isEqualTo("arn:aws:iam::111122223333:user/team/ops/ops,admin");
        assertThat(resource.get("Partition").getAsString()).isEqualTo("aws");
        assertThat(resource.get("Region").getAsString()).isEqualTo("us-east-1");
        JsonObject user = resource.getAsJsonObject("Details").getAsJsonObject("AwsIamUser");
        assertThat(user.get("UserName").getAsString()).isEqualTo("ops,admin");
        assertThat(user.get("Path").getAsString()).isEqualTo("/team/ops/");
        assertThat(user.get("CreateDate").getAsString()).isEqualTo("2026-11-20T18:00:00Z");
        assertThat(user.has("UserId")).isFalse();
    }

    @Test
    void aLiveFindingCarriesTheUserIdAndTheKeyIdsCommand() {
        InMemoryIamFacts account = new InMemoryIamFacts()
                .add(aUser().named("alice").withId("AIDAALICE000000000001").withConsolePassword()
                        .withKey(activeKey().withId("AKIAALICE0000000001")).facts())
                .generateReport(T0.plus(Duration.ofDays(1)));

        JsonObject alice = user(asff(CliRun.scan(CliRun.NOW, Optional.of("us-west-2"), () -> account, "--format",
                "asff")), "alice");

        assertThat(alice.get("Id").getAsString()).isEqualTo(RuleMetadata.RULE_NAME + "/123456789012/alice");
        assertThat(alice.getAsJsonArray("Resources").get(0).getAsJsonObject().getAsJsonObject("Details")
                .getAsJsonObject("AwsIamUser").get("UserId").getAsString()).isEqualTo("AIDAALICE000000000001");
        assertThat(alice.get("ProductArn").getAsString()).contains(":securityhub:us-west-2:123456789012:");
        assertThat(alice.getAsJsonObject("Remediation").getAsJsonObject("Recommendation").get("Text").getAsString())
                .endsWith("aws iam update-access-key --user-name 'alice' --access-key-id AKIAALICE0000000001 --status "
                        + "Inactive");
    }

    @Test
    void theLongestRemediationFitsAsffsLimit() {
        // The longest user name with two offending keys of the longest ids IAM allows (128; it issues 20), live.
        String name = "w".repeat(64);
        InMemoryIamFacts account = new InMemoryIamFacts()
                .add(aUser().named(name).withConsolePassword().withKey(activeKey().withId("AKIA" + "A".repeat(124)))
                        .withKey(activeKey().withId("AKIA" + "B".repeat(124))).facts())
                .generateReport(T0.plus(Duration.ofDays(1)));

        JsonObject user = user(asff(CliRun.scan(CliRun.NOW, Optional.of("us-east-1"), () -> account, "--format",
                "asff")), name);

        assertThat(user.getAsJsonObject("Remediation").getAsJsonObject("Recommendation").get("Text").getAsString())
                .hasSizeLessThanOrEqualTo(SecurityFinding.MAX_REMEDIATION).contains("A".repeat(124), "B".repeat(124))
                .endsWith("aws iam update-access-key --user-name '" + name + "' --access-key-id <each key> --status Inactive");
    }

    static JsonArray asff(CliRun run) {
        assertThat(run.exitCode()).as(run.stderr()).isIn(0, 1);
        return JsonParser.parseString(run.stdout()).getAsJsonArray();
    }

    private static List<String> strings(JsonArray findings, String field) {
        return StreamSupport.stream(findings.spliterator(), false)
                .map(finding -> finding.getAsJsonObject().get(field).getAsString()).toList();
    }

    private static JsonObject user(JsonArray findings, String userName) {
        return StreamSupport.stream(findings.spliterator(), false).map(JsonElement::getAsJsonObject)
                .filter(finding -> finding.getAsJsonArray("Resources").get(0).getAsJsonObject().getAsJsonObject("Details")
                        .getAsJsonObject("AwsIamUser").get("UserName").getAsString().equals(userName))
                .findFirst().orElseThrow();
    }
}
