package io.github.setupkeys.rule.config;

import static io.github.setupkeys.rule.domain.TestUsers.T0;
import static io.github.setupkeys.rule.domain.TestUsers.aUser;
import static io.github.setupkeys.rule.domain.TestUsers.activeKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.ConfigEvent;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.setupkeys.lambda.FakeContext;
import io.github.setupkeys.rule.domain.ComplianceType;
import io.github.setupkeys.rule.domain.TestUsers;
import io.github.setupkeys.rule.evaluation.DeadlineExceededException;
import io.github.setupkeys.rule.evaluation.InMemoryIamFacts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One invocation by Config, from the event to what is written and logged, with IAM and Config in memory: each
 * message type, the accounts it evaluates, how it fails. How the event is read is {@link ConfigInvocationParserTest}'s
 * subject, how evaluations are written {@link EvaluationWriterTest}'s.
 */
class ConfigRuleTest {

    static final String ALICE_ID = "AIDAEXAMPLEALICE00001";
    static final Instant CAPTURED = Instant.parse("2026-11-29T10:15:30.123Z");
    static final Instant SCHEDULED_AT = Instant.parse("2026-11-29T00:00:00Z");
    static final Instant NOW = SCHEDULED_AT.plusSeconds(90);

    private final InMemoryIamFacts iam = new InMemoryIamFacts();
    private final RecordingConfigApi config = new RecordingConfigApi();
    private final FakeAccountAccess accounts = new FakeAccountAccess(iam, config);
    private final FakeContext context = new FakeContext();
    private final List<Duration> pauses = Collections.synchronizedList(new ArrayList<>());
    private final ConfigRule rule = new ConfigRule(accounts, Clock.fixed(NOW, ZoneOffset.UTC), pauses::add);

    private TestUsers.UserBuilder alice() {
        return aUser().named("alice").withId(ALICE_ID);
    }

    @Test
    void aChangeNotificationWritesExactlyOneEvaluationOrderedByCaptureTime() {
        iam.add(alice().withConsolePassword().withKey(activeKey().withId("AKIAALICE00000000001")).facts());

        rule.invoke(Events.load("change-user.json"), context);

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
        rule.invoke(Events.load(fixture), context);

        assertThat(config.written()).singleElement().satisfies(evaluation -> {
            assertThat(evaluation.complianceType()).isEqualTo(ComplianceType.NOT_APPLICABLE);
            assertThat(evaluation.annotation()).isEqualTo("The IAM user no longer exists.");
        });
        assertThat(iam.calls()).isEmpty();
    }

    @Test
    void scenario9_aUserIamNoLongerKnowsIsNotApplicable() {
        rule.invoke(Events.load("change-user.json"), context);

        assertThat(only().complianceType()).isEqualTo(ComplianceType.NOT_APPLICABLE);
        assertThat(iam.calls("GetUser")).isEqualTo(1);
    }

    @Test
    void aUserRecreatedUnderTheSameNameIsAnotherResource() {
        iam.add(aUser().named("alice").withId("AIDANEWALICE000000001").withConsolePassword().withKey(activeKey()).facts());

        rule.invoke(Events.load("change-user.json"), context);

        assertThat(only().resourceId()).isEqualTo(ALICE_ID);
        assertThat(only().complianceType()).isEqualTo(ComplianceType.NOT_APPLICABLE);
    }

    @Test
    void scenario10_eventLeftScopeIsNotApplicable() {
        iam.add(alice().withConsolePassword().withKey(activeKey()).facts());

        rule.invoke(Events.load("change-user-left-scope.json"), context);

        assertThat(only().complianceType()).isEqualTo(ComplianceType.NOT_APPLICABLE);
        assertThat(only().annotation()).contains("no longer in the scope");
        assertThat(iam.calls()).isEmpty();
    }

    @Test
    void anotherResourceTypeIsNotApplicable() {
        rule.invoke(Events.load("change-role.json"), context);

        assertThat(only().resourceType()).isEqualTo("AWS::IAM::Role");
        assertThat(only().complianceType()).isEqualTo(ComplianceType.NOT_APPLICABLE);
        assertThat(only().annotation()).contains("AWS::IAM::Role");
    }

    @Test
    void anOversizedNotificationFetchesTheItemAndEvaluatesIt() {
        iam.add(alice().withConsolePassword().facts());
        Instant latest = CAPTURED.plusSeconds(5);
        config.item(new ConfigurationItem("AWS::IAM::User", ALICE_ID, "alice", "OK", latest));

        rule.invoke(Events.load("oversized-user.json"), context);

        assertThat(config.historyRequests()).containsExactly("AWS::IAM::User " + ALICE_ID);
        assertThat(only().complianceType()).isEqualTo(ComplianceType.COMPLIANT);
        assertThat(only().orderingTimestamp()).isEqualTo(latest);
    }

    @Test
    void anOversizedNotificationOfADeletedUserIsNotApplicable() {
        config.item(new ConfigurationItem("AWS::IAM::User", ALICE_ID, "alice", "ResourceDeleted", CAPTURED));

        rule.invoke(Events.load("oversized-user.json"), context);

        assertThat(only().complianceType()).isEqualTo(ComplianceType.NOT_APPLICABLE);
        assertThat(iam.calls()).isEmpty();
    }

    @Test
    void anOversizedNotificationNamingNoUserIsEvaluatedFromTheFetchedItem() {
        // Was: refused before the fetch ("configurationItemSummary has no resourceName"), nothing written.
        iam.add(alice().withConsolePassword().facts());
        config.item(new ConfigurationItem("AWS::IAM::User", ALICE_ID, "alice", "OK", CAPTURED.plusSeconds(5)));

        rule.invoke(Events.load("oversized-user-unnamed.json"), context);

        assertThat(config.historyRequests()).containsExactly("AWS::IAM::User " + ALICE_ID);
        assertThat(only().complianceType()).isEqualTo(ComplianceType.COMPLIANT);
    }

    @Test
    void aFetchedItemThatStillNamesNoUserFailsTheInvocationWritingNothing() {
        iam.add(alice().withConsolePassword().withKey(activeKey()).facts());
        config.item(new ConfigurationItem("AWS::IAM::User", ALICE_ID, null, "OK", CAPTURED));

        assertThatThrownBy(() -> rule.invoke(Events.load("oversized-user-unnamed.json"), context))
                .isInstanceOf(InvalidInvocationException.class)
                .hasMessage("the configuration item of " + ALICE_ID + " has no resourceName (the IAM user name)");
        assertThat(config.puts()).isEmpty();
        assertThat(iam.calls()).isEmpty();
    }

    @Test
    void anOversizedSummaryOfADeletedUserIsNotApplicableWithoutFetchingTheItem() {
        ConfigEvent event = Events.withInvokingEvent("oversized-user-unnamed.json", invoking -> invoking
                .getAsJsonObject("configurationItemSummary").addProperty("configurationItemStatus", "ResourceDeleted"));

        rule.invoke(event, context);

        assertThat(only().complianceType()).isEqualTo(ComplianceType.NOT_APPLICABLE);
        assertThat(config.historyRequests()).isEmpty();
        assertThat(iam.calls()).isEmpty();
    }

    @Test
    void aScheduledNotificationEvaluatesEveryUserOnceOrderedByTheNotificationTime() {
        iam.add(alice().withConsolePassword().withKey(activeKey()).facts())
                .add(aUser().named("bob").withId("AIDABOB").withConsolePassword().facts())
                .add(aUser().named("svc").withId("AIDASVC").facts())
                .generateReport(T0.plus(Duration.ofDays(30)));

        rule.invoke(Events.load("scheduled.json"), context);

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

        rule.invoke(Events.load("scheduled.json"), context);

        assertThat(config.complianceQueries()).containsExactly("iam-user-no-setup-access-keys AWS::IAM::User");
        assertThat(config.written()).filteredOn(evaluation -> evaluation.resourceId().equals("AIDAGONE0000000000001"))
                .singleElement().satisfies(evaluation -> {
                    assertThat(evaluation.complianceType()).isEqualTo(ComplianceType.NOT_APPLICABLE);
                    assertThat(evaluation.annotation()).isEqualTo("The IAM user no longer exists.");
                });
        assertThat(config.written()).hasSize(2);
    }

    @Test
    void theCleanUpNeverCoversAListedUserSoBatchesWrittenSeveralAtATimeCannotReorderTwoVerdictsOfOneUser() {
        for (int i = 0; i < 250; i++) {
            iam.add(aUser().named("user" + i).withId("AIDAUSER" + i).withConsolePassword().facts());
            config.storedResultFor("AIDAUSER" + i);
        }
        for (int i = 0; i < 50; i++) {
            config.storedResultFor("AIDAGONE" + i);
        }
        iam.generateReport(T0.plus(Duration.ofDays(30)));

        rule.invoke(Events.load("scheduled.json"), context);

        Map<String, List<ComplianceType>> byResource = config.written().stream().collect(Collectors.groupingBy(
                ConfigEvaluation::resourceId, Collectors.mapping(ConfigEvaluation::complianceType, Collectors.toList())));
        assertThat(config.puts()).hasSize(3);
        assertThat(byResource).hasSize(300).allSatisfy((id, verdicts) -> assertThat(verdicts).as(id)
                .containsExactly(id.startsWith("AIDAGONE") ? ComplianceType.NOT_APPLICABLE : ComplianceType.COMPLIANT));
    }

    @Test
    void theTestModeTokenAsksForATestModeWrite() {
        iam.generateReport(T0);

        rule.invoke(Events.load("scheduled-test-mode.json"), context);

        assertThat(config.puts()).allSatisfy(put -> {
            assertThat(put.testMode()).isTrue();
            assertThat(put.resultToken()).isEqualTo("TESTMODE");
        });
    }

    @Test
    void aMemberAccountIsEvaluatedThroughItsExecutionRole() {
        InMemoryIamFacts member = new InMemoryIamFacts().add(aUser().named("m").withId("AIDAMEMBER").withConsolePassword()
                .withKey(activeKey()).facts()).generateReport(T0.plus(Duration.ofDays(30)));
        RecordingConfigApi memberConfig = new RecordingConfigApi();
        accounts.member("arn:aws:iam::444455556666:role/SetupKeysRuleExecution", member, memberConfig);

        rule.invoke(Events.load("scheduled-member-account.json"), context);

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

        rule.invoke(Events.load("scheduled-member-account.json"), china);

        assertThat(accounts.assumedRoles()).containsExactly("arn:aws-cn:iam::444455556666:role/SetupKeysRuleExecution");
    }

    @Test
    void theOwnAccountNeedsNoRole() {
        iam.generateReport(T0);
        ConfigEvent event = Events.load("scheduled.json");
        event.setRuleParameters("{\"executionRoleName\":\"SetupKeysRuleExecution\"}");

        rule.invoke(event, context);

        assertThat(accounts.assumedRoles()).isEmpty();
    }

    @Test
    void anotherAccountWithoutAnExecutionRoleFailsSayingSo() {
        ConfigEvent event = Events.load("scheduled-member-account.json");
        event.setRuleParameters("{}");

        assertThatThrownBy(() -> rule.invoke(event, context))
                .isInstanceOf(InvalidInvocationException.class)
                .hasMessage("rule parameter executionRoleName is required to evaluate account 444455556666 from the "
                        + "function's account 111122223333");
        assertThat(accounts.assumedRoles()).isEmpty();
    }

    @Test
    void anIamFailureFailsTheInvocationAndWritesNothing() {
        iam.add(alice().withConsolePassword().facts()).failing("GetLoginProfile",
                new IllegalStateException("iam:GetLoginProfile failed: ServiceFailure (HTTP 500): try again"));

        assertThatThrownBy(() -> rule.invoke(Events.load("change-user.json"), context))
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

        assertThatThrownBy(() -> rule.invoke(Events.load("scheduled.json"), closingIn))
                .isInstanceOf(DeadlineExceededException.class)
                .hasMessageStartingWith("stopped before the deadline while confirming candidate");
        assertThat(config.puts()).isEmpty();
        assertThat(closingIn.logLines()).singleElement().satisfies(line -> assertThat(line).contains("\"outcome\":\"failed\""));
    }

    @Test
    void onlyAPeriodicRunKeepsThirtySecondsForWritingAChangeNotificationIsWrittenWithTenLeft() {
        iam.add(alice().withConsolePassword().withKey(activeKey()).facts()).generateReport(T0.plus(Duration.ofDays(30)));
        FakeContext tenSecondsLeft = new FakeContext(FakeContext.FUNCTION_ARN, 10_000);

        rule.invoke(Events.load("change-user.json"), tenSecondsLeft);

        assertThat(config.written()).extracting(ConfigEvaluation::complianceType)
                .containsExactly(ComplianceType.NON_COMPLIANT);
        assertThatThrownBy(() -> rule.invoke(Events.load("scheduled.json"),
                new FakeContext(FakeContext.FUNCTION_ARN, 10_000)))
                .isInstanceOf(DeadlineExceededException.class)
                .hasMessageStartingWith("stopped before the deadline while confirming candidate");
    }

    @Test
    void withoutACredentialReportAPeriodicRunConfirmsEveryUserLive() {
        iam.add(alice().withConsolePassword().withKey(activeKey()).facts())
                .add(aUser().named("bob").withId("AIDABOB").withConsolePassword().facts())
                .reportNeverReady();

        rule.invoke(Events.load("scheduled.json"), context);

        assertThat(config.written()).extracting(ConfigEvaluation::complianceType)
                .containsExactlyInAnyOrder(ComplianceType.NON_COMPLIANT, ComplianceType.COMPLIANT);
        assertThat(context.logLines()).singleElement()
                .satisfies(line -> assertThat(line).contains("\"withoutCredentialReport\":true"));
    }

    @Test
    void eachInvocationLogsOneStructuredLineWithoutSecrets() {
        iam.add(alice().withConsolePassword().withKey(activeKey()).facts()).generateReport(T0.plus(Duration.ofDays(30)));

        rule.invoke(Events.load("scheduled.json"), context);

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

        assertThatThrownBy(() -> rule.invoke(event, context)).isInstanceOf(InvalidInvocationException.class);

        assertThat(context.logLines()).singleElement().satisfies(line -> {
            JsonObject log = JsonParser.parseString(line).getAsJsonObject();
            assertThat(log.get("outcome").getAsString()).isEqualTo("failed");
            assertThat(log.get("error").getAsString()).startsWith("rule parameter setupWindowSeconds");
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"a bad rule parameter", "an invoking event that is not JSON", "an unknown message type",
        "a change notification without its item", "no result token", "an item that names no IAM user"})
    void anEventTheParserRefusesFailsTheInvocationWithNothingWrittenAndNoIamCall(String what) {
        iam.add(alice().withConsolePassword().withKey(activeKey()).facts());

        assertThatThrownBy(() -> rule.invoke(refused(what), context)).isInstanceOf(InvalidInvocationException.class);
        assertThat(config.puts()).isEmpty();
        assertThat(iam.calls()).isEmpty();
        assertThat(context.logLines()).singleElement()
                .satisfies(line -> assertThat(line).contains("\"outcome\":\"failed\""));
    }

    /** A change notification of alice, broken as {@code what} says. */
    private static ConfigEvent refused(String what) {
        ConfigEvent event = Events.load("change-user.json");
        switch (what) {
            case "a bad rule parameter" -> event.setRuleParameters("{\"setupWindowSeconds\":\"0\"}");
            case "an invoking event that is not JSON" -> event.setInvokingEvent("<xml/>");
            case "an unknown message type" -> event = Events.withInvokingEvent("change-user.json",
                    invoking -> invoking.addProperty("messageType", "ComplianceChangeNotification"));
            case "a change notification without its item" -> event = Events.withInvokingEvent("change-user.json",
                    invoking -> invoking.remove("configurationItem"));
            case "no result token" -> event.setResultToken(null);
            default -> event = Events.withInvokingEvent("change-user.json",
                    invoking -> invoking.getAsJsonObject("configurationItem").addProperty("resourceName", "al ice"));
        }
        return event;
    }

    private ConfigEvaluation only() {
        assertThat(config.written()).hasSize(1);
        return config.written().get(0);
    }
}
