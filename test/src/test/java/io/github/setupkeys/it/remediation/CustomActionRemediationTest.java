package io.github.setupkeys.it.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.setupkeys.infra.DeploymentSettings;
import io.github.setupkeys.infra.NearRealTimeSettings;
import io.github.setupkeys.infra.OrganizationApp;
import io.github.setupkeys.infra.OrganizationSettings;
import io.github.setupkeys.infra.SetupKeysApp;
import io.github.setupkeys.infra.SetupKeysStack;
import io.github.setupkeys.it.support.DeployedValues;
import io.github.setupkeys.it.support.IamSeeder;
import io.github.setupkeys.it.support.MotoExtension;
import io.github.setupkeys.it.support.MotoServer;
import io.github.setupkeys.it.support.PythonScript;
import io.github.setupkeys.it.support.RuleJar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;

/**
 * Security Hub's custom action, from a real-shaped event (the envelope of Security Hub's "Security Hub Findings -
 * Custom Action" events, findings as AWS Config sends them) to the remediation document run on the emulator:
 *
 * <ul>
 * <li>the EventBridge rule's pattern, as synthesized, delivers the action's events and not another action's (moto's
 *     EventBridge, to an SQS queue);
 * <li>the state machine, as synthesized and deployed (its references resolved), run by moto's Step Functions: which
 *     findings it starts the document for, and with which parameters and in which account. moto has no
 *     {@code ssm:StartAutomationExecution}, so that one task becomes a Pass state that outputs exactly the call's
 *     parameters (and, in an organization, the role the call is made with);
 * <li>those parameters run the document, step by step, on moto's IAM ({@link AutomationHarness}).
 * </ul>
 */
@ExtendWith(MotoExtension.class)
class CustomActionRemediationTest {

    private static final String ACCOUNT = "111122223333";
    private static final String REGION = "us-east-1";
    private static final String RULE_NAME = "iam-user-no-setup-access-keys";
    private static final String DOCUMENT = "IamUserSetupKeysRule-RemediationDocument-AbC123";
    private static final String ROLE = "arn:aws:iam::111122223333:role/IamUserSetupKeysRule-RemediationRole-XyZ789";
    private static final String START = "aws-sdk:ssm:startAutomationExecution";
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private static SetupKeysStack account;
    private static Template accountTemplate;
    private static Template organizationTemplate;
    @TempDir
    Path dir;

    @BeforeAll
    static void synthesize(@TempDir Path workDirectory) {
        Map<String, Object> context = new HashMap<>(Map.of("securityHub", "true", "exemptTag", "break-glass=approved",
                NearRealTimeSettings.NEAR_REAL_TIME, "false"));
        context.put(DeploymentSettings.RULE_JAR, RuleJar.path().toString());
        context.put(DeploymentSettings.REMEDIATION_DOCUMENT, RemediationFiles.inRepo(RemediationFiles.DOCUMENT).toString());
        account = SetupKeysApp.define(new App(AppProps.builder().outdir(workDirectory.resolve("account").toString())
                .context(context).build()));
        accountTemplate = Template.fromStack(account);
        Map<String, Object> organization = new HashMap<>(context);
        organization.put(OrganizationSettings.DEPLOYMENT, "organization");
        organization.put(OrganizationSettings.ORGANIZATION_ID, "o-a1b2c3d4e5");
        organization.put(OrganizationSettings.EVALUATION_REGION, REGION);
        organization.put(OrganizationSettings.ORGANIZATIONAL_UNIT_IDS, "ou-ab12-cdef3456");
        organizationTemplate = Template.fromStack(OrganizationApp.define(new App(AppProps.builder()
                .outdir(workDirectory.resolve("organization").toString()).context(organization).build())));
    }

    @Test
    void theRulesPatternDeliversTheCustomActionsEventsAndNotAnotherActions(MotoServer moto) {
        // Deployed in moto's account, which moto stamps on the events it is given (the pattern names the account).
        String motoAccount = "123456789012";
        Path pattern = write("pattern.json", GSON.toJson(DeployedValues.resolve(onlyResource(accountTemplate,
                "AWS::Events::Rule", "CustomActionEvents").get("EventPattern"), deployedInOneAccount(motoAccount, ROLE))));
        Path ours = write("ours.json", event("custom-action-four-findings.json", motoAccount));
        Path another = write("another.json", event("custom-action-of-another-action.json", motoAccount));
        Path elsewhere = write("elsewhere.json", event("custom-action-four-findings.json", ACCOUNT));

        String delivered = PythonScript.named("event_delivery.py", "boto3").run(moto.endpoint(), pattern.toString(),
                ours.toString(), another.toString(), elsewhere.toString());

        // One event: the custom action's, of this account; not another action's, nor this action's ARN of another account.
        assertThat(JsonParser.parseString(delivered).getAsJsonArray().asList()).extracting(JsonElement::getAsString)
                .containsExactly("Remediate setup keys");
    }

    @Test
    void inOneAccountEachFindingOfThisRuleAndAccountStartsTheDocumentWithTheRulesParameters(MotoServer moto) {
        JsonObject run = run(moto, definition(accountTemplate, deployedInOneAccount(ACCOUNT, ROLE)),
                event("custom-action-four-findings.json"));

        assertThat(run.get("status").getAsString()).as(run.toString()).isEqualTo("SUCCEEDED");
        JsonArray results = run.getAsJsonArray("output");
        assertThat(results).hasSize(4);
        assertThat(call(results.get(0))).isEqualTo(Map.of("DocumentName", DOCUMENT, "Parameters", documentParameters(
                "AIDACKCEVSQ6C2EXAMPLE", ROLE)));
        // An organization rule's copy, whose resource is only the ARN Security Hub computed from the user id.
        assertThat(call(results.get(1))).isEqualTo(Map.of("DocumentName", DOCUMENT, "Parameters", documentParameters(
                "AIDAJQABLZS4A3QDU576Q", ROLE)));
        assertThat(results.get(2).getAsJsonObject().get("passedOver").getAsString())
                .isEqualTo("not a finding of " + RULE_NAME);
        assertThat(results.get(3).getAsJsonObject().get("passedOver").getAsString())
                .isEqualTo("not a finding of this account");
    }

    @Test
    void inAnOrganizationEachFindingStartsTheMembersDocumentInItsOwnAccount(MotoServer moto) {
        JsonObject run = run(moto, definition(organizationTemplate, DeployedValues.pseudoParameters(ACCOUNT, REGION)),
                event("custom-action-four-findings.json"));

        assertThat(run.get("status").getAsString()).as(run.toString()).isEqualTo("SUCCEEDED");
        JsonArray results = run.getAsJsonArray("output");
        assertThat(results.get(0).getAsJsonObject().get("AssumedRole").getAsString())
                .isEqualTo("arn:aws:iam::111122223333:role/IamUserSetupKeysRemediationStarter");
        assertThat(call(results.get(0))).isEqualTo(Map.of("DocumentName", "IamUserSetupKeysRemediation",
                "Parameters", documentParameters("AIDACKCEVSQ6C2EXAMPLE",
                        "arn:aws:iam::111122223333:role/IamUserSetupKeysRemediation")));
        assertThat(results.get(2).getAsJsonObject().get("passedOver").getAsString())
                .isEqualTo("not a finding of " + RULE_NAME);
        assertThat(results.get(3).getAsJsonObject().get("AssumedRole").getAsString())
                .isEqualTo("arn:aws:iam::444455556666:role/IamUserSetupKeysRemediationStarter");
        assertThat(call(results.get(3))).isEqualTo(Map.of("DocumentName", "IamUserSetupKeysRemediation",
                "Parameters", documentParameters("AIDAI44QH8DHBEXAMPLE",
                        "arn:aws:iam::444455556666:role/IamUserSetupKeysRemediation")));
    }

    @Test
    void aFindingThatNamesNoUserIdFailsTheRunSayingSo(MotoServer moto) {
        JsonObject run = run(moto, definition(accountTemplate, deployedInOneAccount(ACCOUNT, ROLE)),
                event("custom-action-no-user-id.json"));

        assertThat(run.get("status").getAsString()).isEqualTo("FAILED");
        assertThat(run.get("error").getAsString()).isEqualTo("NoUserIdInTheFinding");
        assertThat(run.get("cause").getAsString()).startsWith("The finding names no IAM user id (AIDA...)");
    }

    @Test
    void theStartedDocumentDeactivatesTheFindingsSetupKeyOnTheEmulator(MotoServer moto) throws IOException {
        try (IamSeeder seed = new IamSeeder(moto)) {
            String userId = seed.user("alice").userId();
            seed.consolePassword("alice");
            String key = seed.accessKey("alice");
            String motoAccount = "123456789012";
            JsonObject event = JsonParser.parseString(Files.readString(event("custom-action-four-findings.json")))
                    .getAsJsonObject();
            JsonArray findings = event.getAsJsonObject("detail").getAsJsonArray("findings");
            JsonObject finding = findings.get(0).getAsJsonObject();
            finding.addProperty("AwsAccountId", motoAccount);
            JsonObject resource = finding.getAsJsonArray("Resources").get(0).getAsJsonObject();
            resource.addProperty("Id", "arn:aws:iam::" + motoAccount + ":user/alice");
            resource.getAsJsonObject("Details").getAsJsonObject("AwsIamUser").addProperty("UserId", userId);
            event.getAsJsonObject("detail").add("findings", new JsonArray());
            event.getAsJsonObject("detail").getAsJsonArray("findings").add(finding);
            // moto's user ids are not of IAM's AIDA… form: the state machine's check of that form is waived here, as
            // the harness waives the document's (the check itself runs in the tests above).
            String definition = definition(accountTemplate, deployedInOneAccount(motoAccount, AutomationHarness.ASSUME_ROLE))
                    .replace("\"StringMatches\":\"AIDA*\"", "\"StringMatches\":\"*\"");

            JsonObject run = run(moto, definition, write("moto-event.json", event.toString()));

            assertThat(run.get("status").getAsString()).as(run.toString()).isEqualTo("SUCCEEDED");
            Map<String, String> parameters = new LinkedHashMap<>();
            ((Map<?, ?>) call(run.getAsJsonArray("output").get(0)).get("Parameters")).forEach((name, values) ->
                    parameters.put((String) name, ((List<?>) values).get(0).toString()));
            AutomationRun remediation = AutomationHarness.against(moto.endpoint()).run(parameters);

            assertThat(remediation.status()).as(remediation.failure()).isEqualTo("Success");
            assertThat(remediation.changedKeyIds()).containsExactly(key);
            assertThat(seed.iam().listAccessKeys(request -> request.userName("alice")).accessKeyMetadata())
                    .extracting(AccessKeyMetadata::accessKeyId, metadata -> metadata.statusAsString())
                    .containsExactly(tuple(key, "Inactive"));
        }
    }

    /** The state machine's definition, deployed with {@code values}, its document-starting task made a Pass state. */
    private static String definition(Template template, Map<Object, String> values) {
        Object deployed = DeployedValues.resolve(onlyResource(template, "AWS::StepFunctions::StateMachine",
                "StateMachine").get("DefinitionString"), values);
        JsonObject definition = JsonParser.parseString((String) deployed).getAsJsonObject();
        JsonObject states = definition.getAsJsonObject("States").getAsJsonObject("EachSelectedFinding")
                .getAsJsonObject("ItemProcessor").getAsJsonObject("States");
        JsonObject task = states.getAsJsonObject("StartTheRemediationDocument");
        assertThat(task.get("Resource").getAsString()).isEqualTo("arn:aws:states:::" + START);
        JsonObject parameters = new JsonObject();
        parameters.add("Call", task.get("Parameters"));
        if (task.has("Credentials")) {
            // A key named RoleArn.$ is left as it is by moto's parser; under another name it is evaluated.
            parameters.add("AssumedRole.$", task.getAsJsonObject("Credentials").get("RoleArn.$"));
        }
        JsonObject pass = new JsonObject();
        pass.addProperty("Type", "Pass");
        pass.add("Parameters", parameters);
        pass.addProperty("End", true);
        states.add("StartTheRemediationDocument", pass);
        return definition.toString();
    }

    /** The references of the one-account stack: pseudo parameters, and the document and role the stack creates. */
    private static Map<Object, String> deployedInOneAccount(String accountId, String role) {
        Map<Object, String> values = new HashMap<>(DeployedValues.pseudoParameters(accountId, REGION));
        values.put(account.resolve(account.remediationDocument().getRef()), DOCUMENT);
        values.put(account.resolve(account.remediationRole().getRoleArn()), role);
        return values;
    }

    private JsonObject run(MotoServer moto, String definition, Path event) {
        moto.executeStateMachines();
        String printed = PythonScript.named("state_machine_run.py", "boto3").run(moto.endpoint(),
                write("definition.json", definition).toString(), event.toString());
        return JsonParser.parseString(printed).getAsJsonObject();
    }

    /** The parameters a finding's start of the document was made with, as plain values. */
    private static Map<String, Object> call(JsonElement result) {
        return GSON.fromJson(result.getAsJsonObject().get("Call"), Map.class);
    }

    /** The parameters the document gets for {@code userId}: the rule's, as this test deploys it. */
    private static Map<String, Object> documentParameters(String userId, String role) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("IAMResourceId", List.of(userId));
        parameters.put("AutomationAssumeRole", List.of(role));
        parameters.put("Action", List.of("Deactivate"));
        parameters.put("SetupWindowSeconds", List.of("3600"));
        parameters.put("RequireNeverUsed", List.of("true"));
        parameters.put("IncludeInactiveKeys", List.of("false"));
        parameters.put("ExemptTag", List.of("break-glass=approved"));
        return parameters;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> onlyResource(Template template, String type, String idPart) {
        Map<String, Map<String, Object>> resources = template.findResources(type);
        List<Map<String, Object>> matching = resources.entrySet().stream()
                .filter(entry -> entry.getKey().contains(idPart)).map(Map.Entry::getValue).toList();
        assertThat(matching).as("%s resources named like %s", type, idPart).hasSize(1);
        return (Map<String, Object>) matching.get(0).get("Properties");
    }

    /** The event of {@code name}, its custom action in {@code account}. */
    private static String event(String name, String account) {
        try {
            JsonObject event = JsonParser.parseString(Files.readString(event(name))).getAsJsonObject();
            String action = event.getAsJsonArray("resources").get(0).getAsString();
            JsonArray resources = new JsonArray();
            resources.add(action.replace(":" + ACCOUNT + ":", ":" + account + ":"));
            event.add("resources", resources);
            event.addProperty("account", account);
            return event.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path event(String name) {
        try {
            return Path.of(CustomActionRemediationTest.class.getResource("/securityhub/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path write(String name, String content) {
        try {
            return Files.writeString(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
