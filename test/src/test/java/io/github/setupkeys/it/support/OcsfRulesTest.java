package io.github.setupkeys.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The OCSF field rules find what they are for: each kind of rule, broken once, on an otherwise valid event. */
class OcsfRulesTest {

    private static final Path EXAMPLE = Path.of(System.getProperty("setupkeys.repo.root", ".."),
            "docs/examples/sample.ocsf.json");
    private static final OcsfRules RULES = OcsfRules.load(OcsfRules.COMPLIANCE_FINDING_1_6_0);

    @Test
    void theRulesAreOcsf160sAndTheDocsExampleBreaksNone() throws IOException {
        assertThat(RULES.version()).isEqualTo("1.6.0");
        for (var event : example()) {
            assertThat(RULES.violations(event.getAsJsonObject())).isEmpty();
        }
    }

    @Test
    void aMissingRequiredAttributeIsNamedAtItsPath() throws IOException {
        assertThat(broken(event -> event.getAsJsonObject("finding_info").remove("uid")))
                .containsExactly("finding_info.uid is required");
        assertThat(broken(event -> event.getAsJsonObject("remediation").remove("desc")))
                .containsExactly("remediation.desc is required");
        assertThat(broken(event -> event.remove("compliance"))).containsExactly("compliance is required");
    }

    @Test
    void enumIdsAndTheirCaptionsAreChecked() throws IOException {
        assertThat(broken(event -> event.addProperty("severity_id", 7)))
                .containsExactly("severity_id is 7, not one of [0, 1, 2, 3, 4, 5, 6, 99]");
        assertThat(broken(event -> event.addProperty("severity", "High")))
                .containsExactly("severity is 'High', not 'Medium', the caption of severity_id 3");
        assertThat(broken(event -> event.getAsJsonObject("compliance").addProperty("status_id", 4)))
                .containsExactly("compliance.status_id is 4, not one of [0, 1, 2, 3, 99]");
    }

    @Test
    void theClassesIdsAndTypeUidAreChecked() throws IOException {
        assertThat(broken(event -> event.addProperty("class_uid", 2004))).containsExactly("class_uid is 2004, not 2003",
                "type_uid is 200301, not 200401");
        assertThat(broken(event -> event.addProperty("type_uid", 200302))).containsExactly("type_uid is 200302, not 200301");
        assertThat(broken(event -> event.addProperty("type_name", "Compliance Finding: Update")))
                .containsExactly("type_name is 'Compliance Finding: Update', not 'Compliance Finding: Create'");
    }

    @Test
    void unknownDeprecatedAndOutOfProfileAttributesAreFound() throws IOException {
        assertThat(broken(event -> event.addProperty("severity_label", "MEDIUM")))
                .containsExactly("severity_label is not an attribute of the event");
        assertThat(broken(event -> event.add("resource", event.getAsJsonArray("resources").get(0))))
                .containsExactly("resource is deprecated");
        assertThat(broken(event -> event.getAsJsonObject("metadata").add("profiles", new JsonArray())))
                .contains("cloud belongs to the profile cloud, which metadata.profiles does not list",
                        "resources[0].cloud_partition belongs to the profile cloud, which metadata.profiles does not list");
    }

    @Test
    void typesConstraintsAndSecondsForMillisecondsAreFound() throws IOException {
        assertThat(broken(event -> event.addProperty("time", "2026-12-01T08:00:00Z")))
                .containsExactly("time is not a timestamp_t (long_t): \"2026-12-01T08:00:00Z\"");
        assertThat(broken(event -> event.addProperty("time", event.get("time").getAsLong() / 1000))).singleElement()
                .asString().endsWith("timestamp_t is epoch milliseconds, this looks like seconds");
        assertThat(broken(event -> {
            event.getAsJsonObject("metadata").getAsJsonObject("product").remove("name");
        })).containsExactly("metadata.product breaks at_least_one [name, uid]");
        assertThat(broken(event -> event.add("device", new JsonObject()))).singleElement().asString()
                .startsWith("device is an object device, which these rules leave out");
    }

    private static List<String> broken(Consumer<JsonObject> breaking) throws IOException {
        JsonObject event = example().get(0).getAsJsonObject();
        breaking.accept(event);
        return RULES.violations(event);
    }

    private static JsonArray example() throws IOException {
        return JsonParser.parseString(Files.readString(EXAMPLE)).getAsJsonArray();
    }
}
