package io.github.setupkeys.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.ConfigEvent;
import com.google.gson.JsonObject;
import io.github.setupkeys.infra.OrganizationSettings;
import io.github.setupkeys.it.support.AwsStandIn;
import io.github.setupkeys.it.support.ConfigStandIn;
import io.github.setupkeys.it.support.IamSeeder;
import io.github.setupkeys.it.support.LiveScenarios;
import io.github.setupkeys.it.support.MotoExtension;
import io.github.setupkeys.it.support.MotoServer;
import io.github.setupkeys.it.support.RuleInvocations;
import io.github.setupkeys.lambda.FakeContext;
import io.github.setupkeys.rule.config.Events;
import io.github.setupkeys.rule.domain.ComplianceType;
import io.github.setupkeys.rule.report.CredentialReportFormatException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.model.User;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The Config rule end to end: real-shaped Config events into the handler, real IAM and STS calls to moto,
 * the Config calls moto lacks answered and recorded by the stand-in.
 */
@ExtendWith(MotoExtension.class)
class ConfigRuleHandlerEmulatorTest {

    private static final String MEMBER_ACCOUNT = "444455556666";
    /** The role the organization deployment's member StackSet creates, by its default name. */
    private static final String EXECUTION_ROLE = OrganizationSettings.DEFAULT_EXECUTION_ROLE_NAME;
    /** The central function's role, the one principal the member template lets assume the execution role. */
    private static final String FUNCTION_ROLE_ARN =
            "arn:aws:iam::" + EmulatedRule.OWN_ACCOUNT + ":role/IamUserSetupKeysOrganization-RuleFunctionRole";

    private MotoServer moto;
    private IamSeeder seed;
    private AwsStandIn standIn;
    private EmulatedRule.Running rule;
    private final FakeContext context = new FakeContext(EmulatedRule.FUNCTION_ARN, 300_000);

    @BeforeEach
    void start(MotoServer server) {
        moto = server;
        seed = new IamSeeder(server);
        standIn = AwsStandIn.inFrontOf(server);
        rule = EmulatedRule.against(standIn.endpoint());
    }

    @AfterEach
    void stop() {
        rule.close();
        standIn.close();
        seed.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.setupkeys.it.support.LiveScenarios#scenarios")
    void scenarioThroughAChangeNotification(String name, Map<String, String> parameters, ComplianceType expected,
            Function<IamSeeder, LiveScenarios.Seeded> given) {
        LiveScenarios.Seeded seeded = given.apply(seed);
        User user = seed.iam().getUser(request -> request.userName(seeded.userName())).user();

        rule.handler().handleRequest(change(user, "OK", parameters), context);

        assertThat(standIn.config().evaluations()).singleElement().satisfies(evaluation -> {
            assertThat(evaluation.resourceId()).isEqualTo(user.userId());
            assertThat(evaluation.complianceType()).isEqualTo(expected.name());
            seeded.offendingKeyIds().forEach(key -> assertThat(evaluation.annotation()).contains(key));
        });
    }

    @Test
    void scenario9_aUserDeletedInIamIsNotApplicable() {
        User user = seed.user("gone");
        seed.consolePassword("gone");
        seed.accessKey("gone");
        seed.deleteUser("gone");

        rule.handler().handleRequest(change(user, "OK", Map.of()), context);

        assertThat(onlyEvaluation().complianceType()).isEqualTo("NOT_APPLICABLE");
        assertThat(onlyEvaluation().annotation()).isEqualTo("The IAM user no longer exists.");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"change-user-deleted.json", "change-user-deleted-not-recorded.json",
        "change-user-not-recorded.json"})
    void scenario9_aDeletedOrUnrecordedUserIsNotApplicableWithoutAskingIam(String fixture) {
        // As Config sends it: resourceName, configuration and resourceCreationTime null.
        User user = seed.user("gone");
        seed.deleteUser("gone");
        ConfigEvent event = Events.withInvokingEvent(fixture, invoking -> invoking
                .getAsJsonObject("configurationItem").addProperty("resourceId", user.userId()));
        event.setAccountId(EmulatedRule.OWN_ACCOUNT);

        rule.handler().handleRequest(event, context);

        assertThat(onlyEvaluation().resourceId()).isEqualTo(user.userId());
        assertThat(onlyEvaluation().complianceType()).isEqualTo("NOT_APPLICABLE");
        assertThat(onlyEvaluation().annotation()).isEqualTo("The IAM user no longer exists.");
        assertThat(standIn.calls().total("iam")).isZero();
    }

    @Test
    void scenario10_eventLeftScopeIsNotApplicable() {
        User user = seed.user("alice");
        seed.consolePassword("alice");
        seed.accessKey("alice");
        ConfigEvent event = change(user, "OK", Map.of());
        event.setEventLeftScope(true);

        rule.handler().handleRequest(event, context);

        assertThat(onlyEvaluation().complianceType()).isEqualTo("NOT_APPLICABLE");
    }

    @Test
    void anOversizedNotificationIsEvaluatedFromTheFetchedItem() {
        User user = seed.user("alice");
        seed.consolePassword("alice");
        String key = seed.accessKey("alice");
        JsonObject item = new JsonObject();
        item.addProperty("resourceType", "AWS::IAM::User");
        item.addProperty("resourceId", user.userId());
        item.addProperty("resourceName", "alice");
        item.addProperty("configurationItemStatus", "OK");
        item.addProperty("configurationItemCaptureTime", 1_764_411_330.5);
        standIn.config().configurationItem(user.userId(), item);
        ConfigEvent event = Events.withInvokingEvent("oversized-user.json", invoking -> {
            JsonObject summary = invoking.getAsJsonObject("configurationItemSummary");
            summary.addProperty("resourceId", user.userId());
            summary.addProperty("resourceName", "alice");
        });
        event.setAccountId(EmulatedRule.OWN_ACCOUNT);

        rule.handler().handleRequest(event, context);

        assertThat(standIn.calls().count("config:GetResourceConfigHistory")).isEqualTo(1);
        assertThat(onlyEvaluation().complianceType()).isEqualTo("NON_COMPLIANT");
        assertThat(onlyEvaluation().annotation()).contains(key);
        assertThat(onlyEvaluation().orderingTimestamp()).isEqualTo(Instant.ofEpochSecond(1_764_411_330, 500_000_000));
    }

    @Test
    void anOversizedNotificationNamingNoUserIsEvaluatedFromTheFetchedItem() {
        User user = seed.user("alice");
        seed.consolePassword("alice");
        String key = seed.accessKey("alice");
        standIn.config().configurationItem(user.userId(), fetchedItem(user.userId(), "alice"));

        rule.handler().handleRequest(unnamedOversized(user), context);

        assertThat(standIn.calls().count("config:GetResourceConfigHistory")).isEqualTo(1);
        assertThat(onlyEvaluation().complianceType()).isEqualTo("NON_COMPLIANT");
        assertThat(onlyEvaluation().annotation()).contains(key);
    }

    @Test
    void anOversizedNotificationWhoseFetchedItemNamesNoUserFailsWritingNothing() {
        User user = seed.user("alice");
        standIn.config().configurationItem(user.userId(), fetchedItem(user.userId(), null));

        assertThatThrownBy(() -> rule.handler().handleRequest(unnamedOversized(user), context))
                .hasMessage("the configuration item of " + user.userId() + " has no resourceName (the IAM user name)");
        assertThat(standIn.config().putEvaluationsCalls()).isEmpty();
        assertThat(standIn.calls().total("iam")).isZero();
    }

    @Test
    void aPeriodicRunWritesEveryUserAndClearsResultsOfDeletedOnes() {
        User alice = seed.user("alice");
        seed.consolePassword("alice");
        seed.accessKey("alice");
        User bob = seed.user("bob");
        seed.consolePassword("bob");
        standIn.config().storeEarlierResult("AIDADELETEDUSER000001", "NON_COMPLIANT");

        rule.handler().handleRequest(scheduled(EmulatedRule.OWN_ACCOUNT, Map.of()), context);

        assertThat(standIn.config().stored()).hasSize(3);
        assertThat(standIn.config().stored().get(alice.userId()).complianceType()).isEqualTo("NON_COMPLIANT");
        assertThat(standIn.config().stored().get(bob.userId()).complianceType()).isEqualTo("COMPLIANT");
        assertThat(standIn.config().stored().get("AIDADELETEDUSER000001").complianceType()).isEqualTo("NOT_APPLICABLE");
        assertThat(standIn.config().complianceQueries()).containsExactly("iam-user-no-setup-access-keys");
    }

    @Test
    void aCredentialReportFromIamThatContradictsItselfFailsThePeriodicRunAndWritesNothing() {
        seed.user("alice");
        seed.consolePassword("alice");
        // IAM's answer on the wire, with alice's first key slot active but without a creation time.
        String report = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
                + "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
                + "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
                + "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,"
                + "access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated\n"
                + "alice,arn:aws:iam::" + EmulatedRule.OWN_ACCOUNT + ":user/alice,2024-01-01T00:00:00+00:00,true,"
                + "no_information,2024-01-01T00:00:00+00:00,N/A,false,true,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,"
                + "N/A,false,N/A\n";
        standIn.answerWith("iam:GetCredentialReport", Integer.MAX_VALUE, "<GetCredentialReportResponse><GetCredentialReportResult>"
                + "<Content>" + Base64.getEncoder().encodeToString(report.getBytes(StandardCharsets.UTF_8)) + "</Content>"
                + "<ReportFormat>text/csv</ReportFormat><GeneratedTime>" + Instant.now().truncatedTo(ChronoUnit.SECONDS)
                + "</GeneratedTime></GetCredentialReportResult><ResponseMetadata><RequestId>stand-in</RequestId>"
                + "</ResponseMetadata></GetCredentialReportResponse>");

        assertThatThrownBy(() -> rule.handler().handleRequest(scheduled(EmulatedRule.OWN_ACCOUNT, Map.of()), context))
                .isInstanceOf(CredentialReportFormatException.class)
                .hasMessage("credential report line 2: access_key_1_active is 'true' but access_key_1_last_rotated is "
                        + "'N/A': an active key has a creation time");
        assertThat(standIn.config().putEvaluationsCalls()).isEmpty();
    }

    @Test
    void aMemberAccountIsEvaluatedWithTheExecutionRolesCredentials() {
        seed.user("own-account-user");
        try (IamSeeder member = memberAccountSeeder()) {
            executionRoleIn(member);
            User memberUser = member.user("member-console-user");
            member.consolePassword("member-console-user");
            member.accessKey("member-console-user");

            rule.handler().handleRequest(scheduled(MEMBER_ACCOUNT, Map.of("executionRoleName", EXECUTION_ROLE)), context);

            assertThat(standIn.calls().count("sts:AssumeRole")).isEqualTo(1);
            assertThat(standIn.config().putEvaluationsCalls()).singleElement().satisfies(call -> {
                assertThat(call.accessKeyId()).as("signed with the assumed role").isNotEqualTo("testing");
                assertThat(call.evaluations()).singleElement().satisfies(evaluation -> {
                    assertThat(evaluation.resourceId()).isEqualTo(memberUser.userId());
                    assertThat(evaluation.complianceType()).isEqualTo("NON_COMPLIANT");
                });
            });
        }
    }

    @Test
    void aChangeInAMemberAccountIsEvaluatedThereWithTheExecutionRolesCredentials() {
        seed.user("member-console-user"); // the same name in the function's own account, without a password
        try (IamSeeder member = memberAccountSeeder()) {
            executionRoleIn(member);
            User memberUser = member.user("member-console-user");
            member.consolePassword("member-console-user");
            String key = member.accessKey("member-console-user");

            rule.handler().handleRequest(change(memberUser, "OK", Map.of("executionRoleName", EXECUTION_ROLE),
                    MEMBER_ACCOUNT), context);

            assertThat(standIn.calls().count("sts:AssumeRole")).isEqualTo(1);
            assertThat(standIn.config().putEvaluationsCalls()).singleElement().satisfies(call -> {
                assertThat(call.accessKeyId()).as("signed with the assumed role").isNotEqualTo("testing");
                assertThat(call.evaluations()).singleElement().satisfies(evaluation -> {
                    assertThat(evaluation.complianceType()).isEqualTo("NON_COMPLIANT");
                    assertThat(evaluation.annotation()).contains(key);
                });
            });
        }
    }

    /**
     * The organization rule passes executionRoleName to every account, the central one included: there the
     * function keeps its own credentials (the StackSet does not reach the management account, so no role may
     * exist to assume).
     */
    @Test
    void theCentralAccountIsEvaluatedWithItsOwnCredentialsThoughTheRuleNamesAnExecutionRole() {
        seed.user("alice");
        seed.consolePassword("alice");
        seed.accessKey("alice");

        rule.handler().handleRequest(scheduled(EmulatedRule.OWN_ACCOUNT, Map.of("executionRoleName", EXECUTION_ROLE)),
                context);

        assertThat(standIn.calls().count("sts:AssumeRole")).isZero();
        assertThat(standIn.config().putEvaluationsCalls()).singleElement().satisfies(call -> {
            assertThat(call.accessKeyId()).isEqualTo("testing");
            assertThat(call.evaluations()).singleElement()
                    .satisfies(evaluation -> assertThat(evaluation.complianceType()).isEqualTo("NON_COMPLIANT"));
        });
    }

    @Test
    void theTestModeTokenWritesNothingConfigKeeps() {
        seed.user("alice");
        ConfigEvent event = scheduled(EmulatedRule.OWN_ACCOUNT, Map.of());
        event.setResultToken("TESTMODE");

        rule.handler().handleRequest(event, context);

        assertThat(standIn.config().putEvaluationsCalls()).singleElement()
                .satisfies(call -> assertThat(call.testMode()).isTrue());
        assertThat(standIn.config().stored()).isEmpty();
    }

    @Test
    void thePublicConstructorFindsTheEmulatorThroughTheSdksStandardSettings() {
        seed.user("alice");
        seed.consolePassword("alice");
        seed.accessKey("alice");
        Map<String, String> settings = Map.of("aws.endpointUrl", standIn.endpoint().toString(), "aws.region", "us-east-1",
                "aws.accessKeyId", "testing", "aws.secretAccessKey", "testing");
        Map<String, String> previous = new java.util.HashMap<>();
        settings.forEach((key, value) -> previous.put(key, System.setProperty(key, value)));
        try {
            new ConfigRuleHandler().handleRequest(scheduled(EmulatedRule.OWN_ACCOUNT, Map.of()), context);
        } finally {
            previous.forEach((key, value) -> {
                if (value == null) {
                    System.clearProperty(key);
                } else {
                    System.setProperty(key, value);
                }
            });
        }

        assertThat(onlyEvaluation().complianceType()).isEqualTo("NON_COMPLIANT");
    }

    /** Config's oversized notification for {@code user}, its summary without the name (as Config's examples show). */
    private static ConfigEvent unnamedOversized(User user) {
        ConfigEvent event = Events.withInvokingEvent("oversized-user-unnamed.json", invoking -> invoking
                .getAsJsonObject("configurationItemSummary").addProperty("resourceId", user.userId()));
        event.setAccountId(EmulatedRule.OWN_ACCOUNT);
        return event;
    }

    /** The item GetResourceConfigHistory answers, with {@code name} as its resourceName (none when null). */
    private static JsonObject fetchedItem(String userId, String name) {
        JsonObject item = new JsonObject();
        item.addProperty("resourceType", "AWS::IAM::User");
        item.addProperty("resourceId", userId);
        item.addProperty("resourceName", name);
        item.addProperty("configurationItemStatus", "OK");
        item.addProperty("configurationItemCaptureTime", 1_764_411_330.5);
        return item;
    }

    private ConfigStandIn.Evaluation onlyEvaluation() {
        assertThat(standIn.config().evaluations()).hasSize(1);
        return standIn.config().evaluations().get(0);
    }

    private static ConfigEvent change(User user, String status, Map<String, String> parameters) {
        return change(user, status, parameters, EmulatedRule.OWN_ACCOUNT);
    }

    private static ConfigEvent change(User user, String status, Map<String, String> parameters, String accountId) {
        return RuleInvocations.change(user, status, accountId, parameters);
    }

    private static ConfigEvent scheduled(String accountId, Map<String, String> parameters) {
        return RuleInvocations.scheduled(accountId, parameters);
    }

    /** The execution role as the member template creates it: trusting the central function's role alone. */
    private static void executionRoleIn(IamSeeder member) {
        member.iam().createRole(request -> request.roleName(EXECUTION_ROLE).assumeRolePolicyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                        + "\"" + FUNCTION_ROLE_ARN + "\"},\"Action\":\"sts:AssumeRole\"}]}"));
    }

    /** Seeds the member account, reached like the rule reaches it: by assuming a role there. */
    private IamSeeder memberAccountSeeder() {
        URI endpoint = moto.endpoint();
        try (StsClient sts = StsClient.builder().region(Region.US_EAST_1).endpointOverride(endpoint)
                .credentialsProvider(IamSeeder.TEST_CREDENTIALS).build()) {
            Credentials credentials = sts.assumeRole(request -> request.roleSessionName("seeding")
                    .roleArn("arn:aws:iam::" + MEMBER_ACCOUNT + ":role/OrganizationAccountAccessRole")).credentials();
            return new IamSeeder(endpoint, StaticCredentialsProvider.create(
                    software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(credentials.accessKeyId(),
                            credentials.secretAccessKey(), credentials.sessionToken())));
        }
    }

}
