package io.github.setupkeys.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.setupkeys.it.support.IamSeeder;
import io.github.setupkeys.it.support.MotoExtension;
import io.github.setupkeys.it.support.MotoServer;
import io.github.setupkeys.it.support.OcsfRules;
import io.github.setupkeys.it.support.RuleJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scan --format ocsf}, written by the built jar, against the field rules of OCSF 1.6.0's Compliance Finding
 * (required attributes, types, enums and their captions, profiles, constraints, the class's ids): offline from the
 * bundled sample, and live against moto, where the user ids are known.
 */
@ExtendWith(MotoExtension.class)
class OcsfFieldRulesTest {

    private static final Path REPO = Path.of(System.getProperty("setupkeys.repo.root", "..")).toAbsolutePath().normalize();
    private static final OcsfRules RULES = OcsfRules.load(OcsfRules.COMPLIANCE_FINDING_1_6_0);

    @TempDir
    Path dir;

    @Test
    void everyEventOfTheSampleKeepsTheSchemasFieldRules() throws IOException {
        Path file = dir.resolve("sample.ocsf.json");
        RuleJar.Run run = RuleJar.runIn(REPO, "scan", "--credential-report", "samples/credential-report.csv", "--format",
                "ocsf", "--region", "eu-central-1", "--output", file.toString());
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(1);

        JsonArray events = JsonParser.parseString(Files.readString(file)).getAsJsonArray();
        assertThat(events).hasSize(8);
        for (JsonElement event : events) {
            assertThat(RULES.violations(event.getAsJsonObject())).as(uid(event)).isEmpty();
            assertThat(event.getAsJsonObject().getAsJsonObject("metadata").get("version").getAsString())
                    .isEqualTo(RULES.version());
        }
    }

    @Test
    void aLiveScansEventsKeepThemTooAndNameTheUserId(MotoServer moto) throws IOException {
        try (IamSeeder seed = new IamSeeder(moto)) {
            String userId = seed.user("alice", "/team/").userId();
            seed.consolePassword("alice");
            seed.accessKey("alice");
            Path file = dir.resolve("live.ocsf.json");

            RuleJar.Run run = RuleJar.run(moto.endpoint(), "scan", "--format", "ocsf", "--output", file.toString());

            assertThat(run.exitCode()).as(run.stderr()).isEqualTo(1);
            JsonObject event = JsonParser.parseString(Files.readString(file)).getAsJsonArray().get(0).getAsJsonObject();
            assertThat(RULES.violations(event)).isEmpty();
            JsonObject resource = event.getAsJsonArray("resources").get(0).getAsJsonObject();
            assertThat(resource.get("uid_alt").getAsString()).isEqualTo(userId);
            assertThat(resource.getAsJsonObject("data").get("path").getAsString()).isEqualTo("/team/");
            assertThat(event.getAsJsonObject("cloud").get("region").getAsString()).as("AWS_REGION of the run")
                    .isEqualTo("us-east-1");
        }
    }

    private static String uid(JsonElement event) {
        return event.getAsJsonObject().getAsJsonObject("finding_info").get("uid").getAsString();
    }
}
