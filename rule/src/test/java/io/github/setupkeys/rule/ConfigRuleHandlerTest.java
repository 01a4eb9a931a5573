package io.github.setupkeys.rule;

import static io.github.setupkeys.rule.domain.TestUsers.T0;
import static io.github.setupkeys.rule.domain.TestUsers.aUser;
import static io.github.setupkeys.rule.domain.TestUsers.activeKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.ConfigEvent;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.setupkeys.lambda.FakeContext;
import io.github.setupkeys.rule.config.ConfigEvaluation;
import io.github.setupkeys.rule.config.ConfigurationItem;
import io.github.setupkeys.rule.config.EvaluationsNotRecordedException;
import io.github.setupkeys.rule.config.Events;
import io.github.setupkeys.rule.config.FakeAccountAccess;
import io.github.setupkeys.rule.config.InvalidInvocationException;
import io.github.setupkeys.rule.config.RecordingConfigApi;
import io.github.setupkeys.rule.domain.ComplianceType;
import io.github.setupkeys.rule.domain.TestUsers;
import io.github.setupkeys.rule.evaluation.DeadlineExceededException;
import io.github.setupkeys.rule.evaluation.InMemoryIamFacts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigRuleHandlerTest {

    static final String ALICE_ID = "AIDAEXAMPLEALICE00001";
    static final Instant CAPTURED = Instant.parse("2026-11-29T10:15:30.123Z");
    static final Instant SCHEDULED_AT = Instant.parse("2026-11-29T00:00:00Z");
    static final Instant NOW = SCHEDULED_AT.plusSeconds(90);

    private final InMemoryIamFacts iam = new InMemoryIamFacts();
    private final RecordingConfigApi config = new RecordingConfigApi();
    private final FakeAccountAccess accounts = new FakeAccountAccess(iam, config);
    private final FakeContext context = new FakeContext();
    private final List<Duration> pauses = new ArrayList<>();
    private final ConfigRuleHandler handler = new ConfigRuleHandler(accounts, Clock.fixed(NOW, ZoneOffset.UTC),
            pauses::add);

    private TestUsers.UserBuilder alice() {
        return aUser().named("alice").withId(ALICE_ID);
    }

    @Test
    void aChangeNotificationWritesExactlyOneEvaluationOrderedByCaptureTime() {
        iam.add(alice().withConsolePassword().withKey(activeKey().withId("AKIAALICE00000000001")).facts());

        handler.handleRequest(Events.load("change-user.json"), context);

        assertThat(config.puts()).singleElement().satisfies(put -> assertThat(put.testMode()).isFalse());
        assertThat(config.written()).singleElement().satisfies(evaluation -> {
            assertThat(evaluation.resourceType()).isEqualTo("AWS::IAM::User");
            assertThat(evaluation.resourceId()).isEqualTo(ALICE_ID);
            assertThat(evaluation.complianceType()).isEqualTo(ComplianceType.NON_COMPLIANT);
            assertThat(evaluation.annotation()).contains("AKIAALICE00000000001");
            assertThat(evaluation.orderingTimestamp()).isEqualTo(CAPTURED);
        });
    }

    @ParameterizedTest(name = "scenario 9: status {0} -> NOT_APPLICABLE without asking IAM")
    @ValueSource(strings = {"change-user-deleted.json", "change-user-deleted-not-recorded.json",
        "change-user-not-recorded.json"})
    void aResourceThatIsGoneIsNotApplicable(String fixture) {
        handler.handleRequest(Events.load(fixture), context);

        assertThat(config.written()).singleElement().satisfies(evaluation -> {
            assertThat(evaluation.complianceType()).isEqualTo(ComplianceType.NOT_APPLICABLE);
            assertThat(evaluation.annotation()).isEqualTo("The IAM user no longer exists.");
        });
        assertThat(iam.calls()).isEmpty();
    }

    @Test
    void scenario9_aUserIamNoLongerKnowsIsNotApplicable() {
        handler.handleRequest(Events.load("change-user.json"), context);

        assertThat(only().complianceType()).isEqualTo(ComplianceType.NOT_APPLICABLE);
        assertThat(iam.calls("GetUser")).isEqualTo(1);
    }

    @Test
    void aUserRecreatedUnderTheSameNameIsAnotherResource() {
        iam.add(aUser().named("alice").withId("AIDANEWALICE000000001").withConsolePassword().withKey(activeKey()).facts());

        handler.handleRequest(Events.load("change-user.json"), context);

        assertThat(only().resourceId()).isEqualTo(ALICE_ID);
        assertThat(only().complianceType()).isEqualTo(ComplianceType.NOT_APPLICABLE);
    }

    @Test
    void scenario10_eventLeftScopeIsNotApplicable() {
        iam.add(alice().withConsolePassword().withKey(activeKey()).facts());

        handler.handleRequest(Events.load("change-user-left-scope.json"), context);

        assertThat(only().complianceType()).isEqualTo(ComplianceType.NOT_APPLICABLE);
        assertThat(only().annotation()).contains("no longer in the scope");
        assertThat(iam.calls()).isEmpty();
    }

    @Test
    void anotherResourceTypeIsNotApplicable() {
        handler.handleRequest(Events.load("change-role.json"), context);

        assertThat(only().resourceType()).isEqualTo("AWS::IAM::Role");
        assertThat(only().complianceType()).isEqualTo(ComplianceType.NOT_APPLICABLE);
        assertThat(only().annotation()).contains("AWS::IAM::Role");
    }

    @Test
    void anOversizedNotificationFetchesTheItemAndEvaluatesIt() {
        iam.add(alice().withConsolePassword().facts());
        Instant latest = CAPTURED.plusSeconds(5);
        config.item(new ConfigurationItem("AWS::IAM::User", ALICE_ID, "alice", "OK", latest));

        handler.handleRequest(Events.load("oversized-user.json"), context);

        assertThat(config.historyRequests()).containsExactly("AWS::IAM::User " + ALICE_ID);
        assertThat(only().complianceType()).isEqualTo(ComplianceType.COMPLIANT);
        assertThat(only().orderingTimestamp()).isEqualTo(latest);
    }

    @Test
    void anOversizedNotificationOfADeletedUserIsNotApplicable() {
        config.item(new ConfigurationItem("AWS::IAM::User", ALICE_ID, "alice", "ResourceDeleted", CAPTURED));

        handler.handleRequest(Events.load("oversized-user.json"), context);

        assertThat(only().complianceType()).isEqualTo(ComplianceType.NOT_APPLICABLE);
        assertThat(iam.calls()).isEmpty();
    }

    @Test
    void aScheduledNotificationEvaluatesEveryUserOnceOrderedByTheNotificationTime() {
        iam.add(alice().withConsolePassword().withKey(activeKey()).facts())
                .add(aUser().named("bob").withId("AIDABOB").withConsolePassword().facts())
                .add(aUser().named("svc").withId("AIDASVC").facts())
                .generateReport(T0.plus(Duration.ofDays(30)));

        handler.handleRequest(Events.load("scheduled.json"), context);

        assertThat(config.written()).extracting(ConfigEvaluation::resourceId)
                .containsExactlyInAnyOrder(ALICE_ID, "AIDABOB", "AIDASVC");
        assertThat(config.written()).extracting(ConfigEvaluation::complianceType).containsExactlyInAnyOrder(
                ComplianceType.NON_COMPLIANT, ComplianceType.COMPLIANT, ComplianceType.NOT_APPLICABLE);
        assertThat(config.written()).allSatisfy(evaluation ->
                assertThat(evaluation.orderingTimestamp()).isEqualTo(SCHEDULED_AT));
        assertThat(iam.calls("ListUsers")).isEqualTo(1);
        assertThat(iam.calls("GetLoginProfile")).as("only the one candidate").isEqualTo(1);
    }

    @Test
    void aScheduledRunClearsResultsOfUsersThatNoLongerExist() {
        iam.add(alice().withConsolePassword().facts()).generateReport(T0.plus(Duration.ofDays(30)));
        config.storedResultFor(ALICE_ID).storedResultFor("AIDAGONE0000000000001");

        handler.handleRequest(Events.load("scheduled.json"), context);

        assertThat(config.complianceQueries()).containsExactly("iam-user-no-setup-access-keys AWS::IAM::User");
        assertThat(config.written()).filteredOn(evaluation -> evaluation.resourceId().equals("AIDAGONE0000000000001"))
                .singleElement().satisfies(evaluation -> {
                    assertThat(evaluation.complianceType()).isEqualTo(ComplianceType.NOT_APPLICABLE);
                    assertThat(evaluation.annotation()).isEqualTo("The IAM user no longer exists.");
                });
        assertThat(config.written()).hasSize(2);
    }

    @Test
    void theTestModeTokenAsksForATestModeWrite() {
        iam.generateReport(T0);

        handler.handleRequest(Events.load("scheduled-test-mode.json"), context);

        assertThat(config.puts()).allSatisfy(put -> {
            assertThat(put.testMode()).isTrue();
            assertThat(put.resultToken()).isEqualTo("TESTMODE");
        });
    }

    @ParameterizedTest(name = "{0} users -> PutEvaluations batches {1}")
    @CsvSource(delimiter = '|', value = {"1|1", "100|100", "101|100,1", "250|100,100,50"})
    void evaluationsAreWrittenAtMostOneHundredPerCall(int users, String batches) {
        IntStream.range(0, users).forEach(i -> iam.add(aUser().named("user" + i).withId("AIDA" + i).facts()));
        iam.generateReport(T0.plus(Duration.ofDays(30)));

        handler.handleRequest(Events.load("scheduled.json"), context);

        assertThat(config.puts()).extracting(put -> Integer.toString(put.evaluations().size()))
                .containsExactly(batches.split(","));
        assertThat(config.written()).extracting(ConfigEvaluation::resourceId).doesNotHaveDuplicates().hasSize(users);
    }

    @Test
    void failedEvaluationsAreSentAgain() {
        iam.add(alice().withConsolePassword().facts());
        config.failNextPuts(2);

        handler.handleRequest(Events.load("change-user.json"), context);

        assertThat(config.puts()).hasSize(3);
        assertThat(pauses).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
    }

    @Test
    void evaluationsConfigKeepsRejectingFailTheInvocationNamingThem() {
        iam.add(alice().withConsolePassword().facts());
        config.alwaysFail(Set.of(ALICE_ID));

        assertThatThrownBy(() -> handler.handleRequest(Events.load("change-user.json"), context))
                .isInstanceOf(EvaluationsNotRecordedException.class)
                .hasMessage("config:PutEvaluations rejected 1 evaluation(s) after 3 attempts: " + ALICE_ID);
        assertThat(config.puts()).hasSize(3);
    }

    @Test
    void onlyTheRejectedEvaluationsOfABatchAreSentAgain() {
        IntStream.range(0, 150).forEach(i -> iam.add(aUser().named("user" + i).withId("AIDA" + i).facts()));
        iam.generateReport(T0.plus(Duration.ofDays(30)));
        config.alwaysFail(Set.of("AIDA7", "AIDA120"));

        assertThatThrownBy(() -> handler.handleRequest(Events.load("scheduled.json"), context))
                .hasMessage("config:PutEvaluations rejected 1 evaluation(s) after 3 attempts: AIDA7");
        assertThat(config.puts()).extracting(put -> put.evaluations().size()).containsExactly(100, 1, 1);
    }

    @Test
    void aMemberAccountIsEvaluatedThroughItsExecutionRole() {
        InMemoryIamFacts member = new InMemoryIamFacts().add(aUser().named("m").withId("AIDAMEMBER").withConsolePassword()
                .withKey(activeKey()).facts()).generateReport(T0.plus(Duration.ofDays(30)));
        RecordingConfigApi memberConfig = new RecordingConfigApi();
        accounts.member("arn:aws:iam::444455556666:role/SetupKeysRuleExecution", member, memberConfig);

        handler.handleRequest(Events.load("scheduled-member-account.json"), context);

        assertThat(accounts.assumedRoles()).containsExactly("arn:aws:iam::444455556666:role/SetupKeysRuleExecution");
        assertThat(memberConfig.written()).extracting(ConfigEvaluation::resourceId).containsExactly("AIDAMEMBER");
        assertThat(config.puts()).isEmpty();
        assertThat(iam.calls()).isEmpty();
    }

    @Test
    void theExecutionRoleIsInThePartitionOfTheFunction() {
        accounts.member("arn:aws-cn:iam::444455556666:role/SetupKeysRuleExecution",
                new InMemoryIamFacts().generateReport(T0), new RecordingConfigApi());
        FakeContext china = new FakeContext("arn:aws-cn:lambda:cn-north-1:111122223333:function:rule", 300_000);

        handler.handleRequest(Events.load("scheduled-member-account.json"), china);

        assertThat(accounts.assumedRoles()).containsExactly("arn:aws-cn:iam::444455556666:role/SetupKeysRuleExecution");
    }

    @Test
    void theOwnAccountNeedsNoRole() {
        iam.generateReport(T0);
        ConfigEvent event = Events.load("scheduled.json");
        event.setRuleParameters("{\"executionRoleName\":\"SetupKeysRuleExecution\"}");

        handler.handleRequest(event, context);

        assertThat(accounts.assumedRoles()).isEmpty();
    }

    @Test
    void anotherAccountWithoutAnExecutionRoleFailsSayingSo() {
        ConfigEvent event = Events.load("scheduled-member-account.json");
        event.setRuleParameters("{}");

        assertThatThrownBy(() -> handler.handleRequest(event, context))
                .isInstanceOf(InvalidInvocationException.class)
                .hasMessage("rule parameter executionRoleName is required to evaluate account 444455556666 from the "
                        + "function's account 111122223333");
        assertThat(accounts.assumedRoles()).isEmpty();
    }

    @ParameterizedTest(name = "ruleParameters {0} -> fails: {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"setupWindowSeconds\":\"0\"}|rule parameter setupWindowSeconds has invalid value '0': expected an integer",
        "{\"setupWindowSeconds\":\"soon\"}|rule parameter setupWindowSeconds has invalid value 'soon'",
        "{\"requireNeverUsed\":\"maybe\"}|rule parameter requireNeverUsed has invalid value 'maybe': expected true or false",
        "{\"setupWindow\":\"60\"}|rule parameter setupWindow: expected one of exemptTag",
        "{\"exemptTag\":{\"k\":\"v\"}}|rule parameter exemptTag must be a string, number or boolean",
        "{\"executionRoleName\":\"role name with spaces\"}|rule parameter executionRoleName has invalid value",
        "[1,2]|ruleParameters is not a JSON object",
        "{setupWindowSeconds|ruleParameters is not JSON"
    })
    void badRuleParametersFailTheInvocationAndWriteNothing(String parameters, String message) {
        ConfigEvent event = Events.load("change-user.json");
        event.setRuleParameters(parameters);

        assertThatThrownBy(() -> handler.handleRequest(event, context))
                .isInstanceOf(InvalidInvocationException.class)
                .hasMessageStartingWith(message)
                .hasMessageNotContaining("\n");
        assertThat(config.puts()).isEmpty();
    }

    @Test
    void numbersAndBooleansAreAcceptedAsParameterValues() {
        iam.add(alice().withConsolePassword().withKey(activeKey().createdAt(T0.plusSeconds(50))).facts());
        ConfigEvent event = Events.load("change-user.json");
        event.setRuleParameters("{\"setupWindowSeconds\":30,\"requireNeverUsed\":true}");

        handler.handleRequest(event, context);

        assertThat(only().complianceType()).isEqualTo(ComplianceType.COMPLIANT);
    }

    @Test
    void anInvokingEventThatIsNotJsonFails() {
        ConfigEvent event = Events.load("change-user.json");
        event.setInvokingEvent("<xml/>");

        assertThatThrownBy(() -> handler.handleRequest(event, context))
                .isInstanceOf(InvalidInvocationException.class).hasMessageStartingWith("invokingEvent is not JSON");
        assertThat(config.puts()).isEmpty();
    }

    @Test
    void anUnknownMessageTypeFailsNamingTheKnownOnes() {
        ConfigEvent event = Events.withInvokingEvent("change-user.json",
                invoking -> invoking.addProperty("messageType", "ComplianceChangeNotification"));

        assertThatThrownBy(() -> handler.handleRequest(event, context))
                .isInstanceOf(InvalidInvocationException.class)
                .hasMessage("unknown messageType 'ComplianceChangeNotification': expected one of "
                        + "ConfigurationItemChangeNotification, OversizedConfigurationItemChangeNotification, "
                        + "ScheduledNotification");
    }

    @Test
    void aChangeNotificationWithoutItsItemFails() {
        ConfigEvent event = Events.withInvokingEvent("change-user.json", invoking -> invoking.remove("configurationItem"));

        assertThatThrownBy(() -> handler.handleRequest(event, context))
                .isInstanceOf(InvalidInvocationException.class)
                .hasMessage("invokingEvent has no configurationItem object");
        assertThat(config.puts()).isEmpty();
    }

    @Test
    void aScheduledNotificationWithoutItsTimeFails() {
        ConfigEvent event = Events.withInvokingEvent("scheduled.json", invoking -> invoking.remove("notificationCreationTime"));

        assertThatThrownBy(() -> handler.handleRequest(event, context))
                .isInstanceOf(InvalidInvocationException.class)
                .hasMessage("invokingEvent has no notificationCreationTime");
    }

    @Test
    void aMissingResultTokenFails() {
        ConfigEvent event = Events.load("change-user.json");
        event.setResultToken(null);

        assertThatThrownBy(() -> handler.handleRequest(event, context))
                .isInstanceOf(InvalidInvocationException.class).hasMessage("the event has no resultToken");
        assertThat(config.puts()).isEmpty();
    }

    @Test
    void anIamFailureFailsTheInvocationAndWritesNothing() {
        iam.add(alice().withConsolePassword().facts()).failing("GetLoginProfile",
                new IllegalStateException("iam:GetLoginProfile failed: ServiceFailure (HTTP 500): try again"));

        assertThatThrownBy(() -> handler.handleRequest(Events.load("change-user.json"), context))
                .hasMessageStartingWith("iam:GetLoginProfile failed");
        assertThat(config.puts()).isEmpty();
    }

    @Test
    void aPeriodicRunThatCannotFinishStopsBeforeTheDeadlineAndWritesNothing() {
        IntStream.range(0, 10).forEach(i -> iam.add(aUser().named("new" + i).withId("AIDA" + i).withConsolePassword()
                .withKey(activeKey()).facts()));
        iam.generateReport(T0.plus(Duration.ofDays(30)));
        int[] remaining = {36_000};
        FakeContext closingIn = new FakeContext(FakeContext.FUNCTION_ARN, () -> remaining[0] -= 1_000);

        assertThatThrownBy(() -> handler.handleRequest(Events.load("scheduled.json"), closingIn))
                .isInstanceOf(DeadlineExceededException.class)
                .hasMessageStartingWith("stopped before the deadline while confirming candidate");
        assertThat(config.puts()).isEmpty();
        assertThat(closingIn.logLines()).singleElement().satisfies(line -> assertThat(line).contains("\"outcome\":\"failed\""));
    }

    @Test
    void writingStopsBetweenBatchesWhenTheDeadlineComesNeverInOne() {
        IntStream.range(0, 250).forEach(i -> iam.add(aUser().named("user" + i).withId("AIDA" + i).facts()));
        iam.generateReport(T0.plus(Duration.ofDays(30)));
        int[] remaining = {40_000};
        FakeContext closingIn = new FakeContext(FakeContext.FUNCTION_ARN,
                () -> config.puts().isEmpty() ? remaining[0] : (remaining[0] -= 30_000));

        assertThatThrownBy(() -> handler.handleRequest(Events.load("scheduled.json"), closingIn))
                .isInstanceOf(DeadlineExceededException.class)
                .hasMessage("stopped before the deadline while writing evaluations: 2 of 3 PutEvaluations batches written");
        assertThat(config.puts()).hasSize(2);
    }

    @Test
    void withoutACredentialReportAPeriodicRunConfirmsEveryUserLive() {
        iam.add(alice().withConsolePassword().withKey(activeKey()).facts())
                .add(aUser().named("bob").withId("AIDABOB").withConsolePassword().facts())
                .reportNeverReady();

        handler.handleRequest(Events.load("scheduled.json"), context);

        assertThat(config.written()).extracting(ConfigEvaluation::complianceType)
                .containsExactlyInAnyOrder(ComplianceType.NON_COMPLIANT, ComplianceType.COMPLIANT);
        assertThat(context.logLines()).singleElement()
                .satisfies(line -> assertThat(line).contains("\"withoutCredentialReport\":true"));
    }

    @Test
    void eachInvocationLogsOneStructuredLineWithoutSecrets() {
        iam.add(alice().withConsolePassword().withKey(activeKey()).facts()).generateReport(T0.plus(Duration.ofDays(30)));

        handler.handleRequest(Events.load("scheduled.json"), context);

        assertThat(context.logLines()).singleElement().satisfies(line -> {
            JsonObject log = JsonParser.parseString(line).getAsJsonObject();
            assertThat(log.get("outcome").getAsString()).isEqualTo("ok");
            assertThat(log.get("messageType").getAsString()).isEqualTo("ScheduledNotification");
            assertThat(log.get("users").getAsInt()).isEqualTo(1);
            assertThat(log.get("candidates").getAsInt()).isEqualTo(1);
            assertThat(log.getAsJsonObject("verdicts").get("NON_COMPLIANT").getAsInt()).isEqualTo(1);
            assertThat(log.get("putEvaluationsCalls").getAsInt()).isEqualTo(1);
            assertThat(log.has("iamCalls")).isTrue();
            assertThat(log.has("durationMs")).isTrue();
            assertThat(line).doesNotContain("eyJlbmNyeXB0ZWREYXRh", "alice");
        });
    }

    @Test
    void aFailedInvocationLogsItsError() {
        ConfigEvent event = Events.load("change-user.json");
        event.setRuleParameters("{\"setupWindowSeconds\":\"0\"}");

        assertThatThrownBy(() -> handler.handleRequest(event, context)).isInstanceOf(InvalidInvocationException.class);

        assertThat(context.logLines()).singleElement().satisfies(line -> {
            JsonObject log = JsonParser.parseString(line).getAsJsonObject();
            assertThat(log.get("outcome").getAsString()).isEqualTo("failed");
            assertThat(log.get("error").getAsString()).startsWith("rule parameter setupWindowSeconds");
        });
    }

    // Regressions found by the property tests of Config events and rule parameters (now ConfigRuleHandlerFuzzTest
    // and RuleParameterFuzzTest).

    @Test
    void aMessageTypeWithControlCharactersIsShownEscapedOnOneLine() {
        // Was: the value went into the message as it came, line break included.
        ConfigEvent event = Events.withInvokingEvent("change-user.json",
                invoking -> invoking.addProperty("messageType", "\u0000\n"));

        assertThatThrownBy(() -> handler.handleRequest(event, context))
                .isInstanceOf(InvalidInvocationException.class)
                .hasMessageStartingWith("unknown messageType '\\u0000\\u000a': expected one of")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aResourceTypeThatIsNotAStringIsRefusedRatherThanEvaluated() {
        // Was: the number read as the type "0", and NOT_APPLICABLE written for resource type 0.
        ConfigEvent event = Events.withInvokingEvent("change-user.json",
                invoking -> invoking.getAsJsonObject("configurationItem").addProperty("resourceType", 0));

        assertThatThrownBy(() -> handler.handleRequest(event, context))
                .isInstanceOf(InvalidInvocationException.class)
                .hasMessage("invokingEvent.configurationItem.resourceType is a number, not a string");
        assertThat(config.puts()).isEmpty();
    }

    @Test
    void aResourceNameThatIsNotAStringIsRefusedRatherThanIgnored() {
        // Was: an array in resourceName was passed over for configuration.userName, and the user evaluated.
        iam.add(alice().withConsolePassword().withKey(activeKey()).facts());
        ConfigEvent event = Events.withInvokingEvent("change-user.json", invoking -> {
            JsonObject item = invoking.getAsJsonObject("configurationItem");
            JsonArray names = new JsonArray();
            names.add("alice");
            item.add("resourceName", names);
        });

        assertThatThrownBy(() -> handler.handleRequest(event, context))
                .isInstanceOf(InvalidInvocationException.class)
                .hasMessage("invokingEvent.configurationItem.resourceName is an array, not a string");
        assertThat(config.puts()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "single quotes|quotes|invokingEvent is not JSON: malformed JSON at line 1 column 3",
        "a comment|/* Config */|invokingEvent is not JSON: malformed JSON at line 1 column 2",
        "a trailing comma|,}|invokingEvent is not JSON: Expected name at line 1 column",
        "a name twice|twice|invokingEvent is not JSON: the name 'messageType' appears twice in one object",
        "a second value|{}|invokingEvent is not JSON: malformed JSON at line 1 column"
    })
    void anInvokingEventInJsonConfigDoesNotWriteIsRefused(String what, String change, String message) {
        // Was: Gson's lenient parser read these, and the rule wrote a verdict from them.
        iam.add(alice().withConsolePassword().withKey(activeKey()).facts());
        ConfigEvent event = Events.load("change-user.json");
        String json = event.getInvokingEvent();
        event.setInvokingEvent(switch (change) {
            case "quotes" -> json.replace('"', '\'');
            case ",}" -> json.substring(0, json.length() - 1) + ",}";
            case "twice" -> json.substring(0, json.length() - 1) + ",\"messageType\":\"ScheduledNotification\"}";
            case "{}" -> json + "{}";
            default -> change + json;
        });

        assertThatThrownBy(() -> handler.handleRequest(event, context))
                .isInstanceOf(InvalidInvocationException.class)
                .hasMessageStartingWith(message);
        assertThat(config.puts()).isEmpty();
    }

    @ParameterizedTest(name = "{0}={1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "resourceName|al ice|resourceName 'al ice' is not an IAM user name",
        "resourceName|alice\\u0000|resourceName 'alice\\u0000' is not an IAM user name",
        "resourceId|AIDA|resourceId 'AIDA' is not an IAM user id",
        "resourceType|'AWS::IAM::User '|resourceType 'AWS::IAM::User ' is not a resource type"
    })
    void anItemThatCannotNameAnIamUserIsRefused(String field, String value, String message) {
        // Hardening next to the properties: these were looked up in IAM, or written to Config, as they came.
        ConfigEvent event = Events.withInvokingEvent("change-user.json", invoking -> invoking
                .getAsJsonObject("configurationItem").addProperty(field, value.replace("\\u0000", "\u0000")));

        assertThatThrownBy(() -> handler.handleRequest(event, context))
                .isInstanceOf(InvalidInvocationException.class)
                .hasMessageStartingWith("invokingEvent.configurationItem." + message);
        assertThat(config.puts()).isEmpty();
        assertThat(iam.calls()).isEmpty();
    }

    @ParameterizedTest(name = "ruleParameters {0} -> fails: {1}")
    @CsvSource(delimiter = '|', value = {
        "{setupWindowSeconds:60}|ruleParameters is not JSON: malformed JSON at line 1 column 3",
        "{\"setupWindowSeconds\":\"abc\",\"setupWindowSeconds\":\"60\"}|ruleParameters is not JSON: the name "
                + "'setupWindowSeconds' appears twice in one object",
        "{\"setupWindowSeconds\":\"+60\"}|rule parameter setupWindowSeconds has invalid value '+60'",
        "{\"setupWindowSeconds\":\"٣٦٠٠\"}|rule parameter setupWindowSeconds has invalid value '٣٦٠٠'",
        "{\"exemptTag\":\"truE\\u0000\"}|rule parameter exemptTag has invalid value 'truE\\u0000'",
        "{\"setupWindowSeconds\\u0000\":\"60\"}|rule parameter setupWindowSeconds\\u0000: expected one of"
    })
    void parametersThePropertiesCaughtAreRefusedOnOneLine(String parameters, String message) {
        // Was: accepted (lenient JSON; the last of two values; a sign or Arabic-Indic digits read by
        // Long.parseLong; a tag no IAM tag can match), or refused with the control character in the message.
        ConfigEvent event = Events.load("change-user.json");
        event.setRuleParameters(parameters);

        assertThatThrownBy(() -> handler.handleRequest(event, context))
                .isInstanceOf(InvalidInvocationException.class)
                .hasMessageStartingWith(message)
                .hasMessageNotContaining("\u0000");
        assertThat(config.puts()).isEmpty();
    }

    private ConfigEvaluation only() {
        assertThat(config.written()).hasSize(1);
        return config.written().get(0);
    }
}
