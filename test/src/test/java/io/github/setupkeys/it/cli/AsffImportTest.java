package io.github.setupkeys.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.setupkeys.it.support.AsffRules;
import io.github.setupkeys.it.support.AwsCli;
import io.github.setupkeys.it.support.ChildProcess;
import io.github.setupkeys.it.support.IamSeeder;
import io.github.setupkeys.it.support.MotoExtension;
import io.github.setupkeys.it.support.MotoServer;
import io.github.setupkeys.it.support.RuleJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scan --format asff}, written by the built jar and imported as the README says, with the AWS CLI's
 * {@code securityhub batch-import-findings}, into moto's Security Hub, then read back with {@code get-findings}.
 * The CLI's own validation (botocore: required and unknown members, types) runs on the way in; the rules it does not
 * check (enums, lengths, patterns) are {@link AsffRules}'. moto stores what it is given and matches findings by
 * {@code Id}; it checks neither that Security Hub is enabled nor that the caller is the finding's account.
 */
@ExtendWith(MotoExtension.class)
class AsffImportTest {

    private static final Path REPO = Path.of(System.getProperty("setupkeys.repo.root", "..")).toAbsolutePath().normalize();
    private static final String SAMPLE = "samples/credential-report.csv";

    @TempDir
    Path dir;
    private MotoServer moto;

    @BeforeEach
    void enableSecurityHub(MotoServer server) {
        moto = server;
        ChildProcess.Result enabled = AwsCli.run(moto.endpoint(), "securityhub", "enable-security-hub");
        assertThat(enabled.exitCode()).as(enabled.stderr()).isZero();
    }

    @Test
    void theSamplesFindingsKeepEveryRuleAndReadBackAsWritten() throws IOException {
        Path file = scanSample("first.json");
        JsonArray written = JsonParser.parseString(Files.readString(file)).getAsJsonArray();
        assertThat(written).hasSize(8);
        for (JsonElement finding : written) {
            assertThat(AsffRules.violations(finding.getAsJsonObject())).as(finding.getAsJsonObject().get("Id").getAsString())
                    .isEmpty();
        }

        assertThat(importFindings(file)).isEqualTo(Map.of("SuccessCount", 8, "FailedCount", 0));

        assertThat(byId(stored())).isEqualTo(byId(written));
    }

    @Test
    void aLaterScanUpdatesTheFindingsInsteadOfAddingToThem() throws IOException {
        Path first = scanSample("first.json");
        Path second = scanSample("second.json");
        String firstTime = updatedAt(JsonParser.parseString(Files.readString(first)).getAsJsonArray());
        String secondTime = updatedAt(JsonParser.parseString(Files.readString(second)).getAsJsonArray());
        assertThat(secondTime).isGreaterThan(firstTime);

        importFindings(first);
        importFindings(second);

        JsonArray stored = stored();
        assertThat(stored).hasSize(8);
        assertThat(updatedAt(stored)).isEqualTo(secondTime);
    }

    @Test
    void aLiveScansFindingsCarryTheUserIdsAndImportToo() throws IOException {
        try (IamSeeder seed = new IamSeeder(moto)) {
            String userId = seed.user("alice").userId();
            seed.consolePassword("alice");
            String key = seed.accessKey("alice");
            seed.user("bob");
            Path file = dir.resolve("live.json");

            RuleJar.Run run = RuleJar.run(moto.endpoint(), "scan", "--format", "asff", "--output", file.toString());

            assertThat(run.exitCode()).as(run.stderr()).isEqualTo(1);
            JsonArray written = JsonParser.parseString(Files.readString(file)).getAsJsonArray();
            JsonObject alice = byId(written).get("iam-user-no-setup-access-keys/123456789012/alice");
            assertThat(AsffRules.violations(alice)).isEmpty();
            assertThat(alice.getAsJsonArray("Resources").get(0).getAsJsonObject().getAsJsonObject("Details")
                    .getAsJsonObject("AwsIamUser").get("UserId").getAsString()).isEqualTo(userId);
            assertThat(alice.getAsJsonObject("ProductFields").get("setupkeys/OffendingAccessKeyIds").getAsString())
                    .isEqualTo(key);
            assertThat(importFindings(file)).isEqualTo(Map.of("SuccessCount", 2, "FailedCount", 0));
        }
    }

    @Test
    void theCliRefusesAFindingThatLacksARequiredMemberBeforeSendingIt() throws IOException {
        JsonArray findings = JsonParser.parseString(Files.readString(scanSample("first.json"))).getAsJsonArray();
        findings.get(0).getAsJsonObject().remove("Title");
        Path broken = Files.writeString(dir.resolve("broken.json"), findings.toString());

        ChildProcess.Result result = AwsCli.run(moto.endpoint(), "securityhub", "batch-import-findings", "--findings",
                "file://" + broken);

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("Missing required parameter in Findings[0]: \"Title\"");
        assertThat(stored()).isEmpty();
    }

    /** The sample's findings, as the README's command writes them (the region from AWS_REGION, us-east-1 here). */
    private Path scanSample(String name) {
        Path file = dir.resolve(name);
        RuleJar.Run run = RuleJar.runIn(REPO, "scan", "--credential-report", SAMPLE, "--format", "asff", "--output",
                file.toString());
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(1);
        return file;
    }

    private Map<String, Integer> importFindings(Path file) {
        ChildProcess.Result result = AwsCli.run(moto.endpoint(), "securityhub", "batch-import-findings", "--findings",
                "file://" + file);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonObject answer = JsonParser.parseString(result.stdout()).getAsJsonObject();
        assertThat(answer.getAsJsonArray("FailedFindings")).as(result.stdout()).isEmpty();
        return Map.of("SuccessCount", answer.get("SuccessCount").getAsInt(), "FailedCount",
                answer.get("FailedCount").getAsInt());
    }

    private JsonArray stored() {
        ChildProcess.Result result = AwsCli.run(moto.endpoint(), "securityhub", "get-findings");
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return JsonParser.parseString(result.stdout()).getAsJsonObject().getAsJsonArray("Findings");
    }

    private static Map<String, JsonObject> byId(JsonArray findings) {
        Map<String, JsonObject> byId = new TreeMap<>();
        findings.forEach(finding -> byId.put(finding.getAsJsonObject().get("Id").getAsString(), finding.getAsJsonObject()));
        return byId;
    }

    /** The one UpdatedAt of a scan's findings. */
    private static String updatedAt(JsonArray findings) {
        List<String> times = StreamSupport.stream(findings.spliterator(), false)
                .map(finding -> finding.getAsJsonObject().get("UpdatedAt").getAsString()).distinct().toList();
        assertThat(times).hasSize(1);
        return times.get(0);
    }
}
