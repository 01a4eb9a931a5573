package io.github.setupkeys.trigger;

import static io.github.setupkeys.trigger.QueueMessages.batch;
import static io.github.setupkeys.trigger.QueueMessages.event;
import static io.github.setupkeys.trigger.QueueMessages.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.setupkeys.aws.AwsCallFailedException;
import io.github.setupkeys.lambda.FakeContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * The organization's trigger: each event acts on its own account, debounced per account with the single-account
 * limits, and no account's events, limits or failures hold back another's.
 */
class OrganizationTriggerHandlerTest {

    private static final String RULE = "iam-user-no-setup-access-keys";
    private static final String CENTRAL = "111122223333"; // FakeContext's function account
    private static final String A = "444455556666";
    private static final String B = "777788889999";
    private static final String LEFT_OUT = "222233334444";
    private static final Instant NOW = Instant.parse("2026-11-29T10:20:00Z");
    private static final LocalDate TODAY = LocalDate.parse("2026-11-29");
    private static final int CAP = 12;

    private final InMemoryDebounceStore store = new InMemoryDebounceStore();
    private final ScriptedMembers config = new ScriptedMembers();
    private final RecordingDeferral queue = new RecordingDeferral();
    private final RecordingDeletion deletion = new RecordingDeletion();
    private final FakeContext context = new FakeContext();

    @Test
    void eachAccountsEventStartsOneReEvaluationInThatAccountAndIsCountedThere() {
        SQSBatchResponse response = handle(batch(message("a1", of(A, "create-access-key.json")),
                message("a2", of(A, "create-login-profile.json")), message("b1", of(B, "create-access-key.json"))));

        assertThat(config.accounts()).containsExactly(A, B);
        assertThat(config.calls()).allSatisfy(call -> assertThat(call.central()).isEqualTo(new CentralAccount("aws", CENTRAL)));
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(store.load(A)).isEqualTo(new DebounceState(Optional.of(NOW), TODAY, 1));
        assertThat(store.load(B)).isEqualTo(new DebounceState(Optional.of(NOW), TODAY, 1));
        JsonObject accounts = logLine().getAsJsonObject("accounts");
        assertThat(accounts.getAsJsonObject(A).get("action").getAsString()).isEqualTo("started");
        assertThat(accounts.getAsJsonObject(A).get("pendingEvents").getAsInt()).isEqualTo(2);
        assertThat(accounts.getAsJsonObject(B).get("action").getAsString()).isEqualTo("started");
        assertThat(logLine().get("accountErrors").getAsInt()).isZero();
        assertThat(logLine().get("credentialEvents").getAsInt()).isEqualTo(3);
    }

    @Test
    void theCentralAccountsOwnEventIsStartedLikeAnyOther() {
        handle(batch(message("c1", of(CENTRAL, "create-access-key.json"))));

        assertThat(config.accounts()).containsExactly(CENTRAL);
    }

    @Test
    void oneAccountsStormAtItsDailyCapDelaysNeitherAnotherAccountsStartNorCostsMoreThanOneDecision() {
        store.with(A, new DebounceState(Optional.of(NOW.minus(Duration.ofHours(1))), TODAY, CAP));
        List<SQSEvent.SQSMessage> messages = new ArrayList<>(IntStream.range(0, 99)
                .mapToObj(i -> message("a" + i, of(A, "create-access-key.json"))).toList());
        messages.add(50, message("b", of(B, "create-login-profile.json")));

        SQSBatchResponse response = handle(batch(messages));

        assertThat(config.accounts()).as("B started, A at its cap asked nothing").containsExactly(B);
        assertThat(failedIds(response)).hasSize(99).doesNotContain("b");
        assertThat(queue.calls()).singleElement().satisfies(deferred -> {
            assertThat(deferred.receiptHandles()).hasSize(99);
            assertThat(deferred.delay()).isEqualTo(Duration.ofHours(11));
        });
        assertThat(store.loads()).as("one state read per account, not per event").isEqualTo(2);
        assertThat(store.load(B).startsThatDay()).isEqualTo(1);
        assertThat(logLine().getAsJsonObject("accounts").getAsJsonObject(A).get("why").getAsString())
                .contains("daily cap of 12");
    }

    @Test
    void theMinimumIntervalIsPerAccount() {
        store.with(A, new DebounceState(Optional.of(NOW.minus(Duration.ofMinutes(5))), TODAY, 1));

        SQSBatchResponse response = handle(batch(message("a", of(A, "create-access-key.json", NOW.minusSeconds(20))),
                message("b", of(B, "create-access-key.json", NOW.minusSeconds(20)))));

        assertThat(config.accounts()).containsExactly(B);
        assertThat(failedIds(response)).containsExactly("a");
        assertThat(queue.calls()).containsExactly(new RecordingDeferral.Deferred(List.of("receipt-a"), Duration.ofMinutes(10)));
    }

    @Test
    void whileConfigIsEvaluatingOneAccountItsEventWaitsTwoMinutesAndTheOtherAccountStarts() {
        config.busy(A);

        SQSBatchResponse response = handle(batch(message("a", of(A, "create-access-key.json")),
                message("b", of(B, "create-access-key.json"))));

        assertThat(failedIds(response)).containsExactly("a");
        assertThat(queue.calls()).containsExactly(new RecordingDeferral.Deferred(List.of("receipt-a"),
                TriggerHandler.RETRY_WHILE_RUNNING));
        assertThat(store.load(A)).as("nothing started there, nothing counted").isEqualTo(DebounceState.NEVER);
        assertThat(store.load(B).startsThatDay()).isEqualTo(1);
        assertThat(logLine().getAsJsonObject("accounts").getAsJsonObject(A).get("action").getAsString())
                .isEqualTo("configBusy");
    }

    @Test
    void anAccountThatFailsFailsTheInvocationOnlyAfterEveryOtherAccountWasActedOnAndItsMessagesDeleted() {
        config.failing(A, new AwsCallFailedException("sts:AssumeRole", (StsException) StsException.builder()
                .statusCode(403).requestId("req-1").awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied")
                        .errorMessage("User: arn:aws:sts::111122223333:assumed-role/trigger/x is not authorized")
                        .build()).build()));

        assertThatThrownBy(() -> handle(batch(message("a", of(A, "create-access-key.json")),
                message("b", of(B, "create-access-key.json")), message("junk", "not an event"))))
                .isInstanceOf(AccountsFailedException.class)
                .hasMessageStartingWith("re-evaluation failed in 1 account(s)")
                .hasMessageContaining(A + ": sts:AssumeRole failed: AccessDenied (HTTP 403)")
                .hasMessageNotContaining("is not authorized");

        assertThat(config.accounts()).containsExactly(A, B);
        assertThat(store.load(B).startsThatDay()).isEqualTo(1);
        assertThat(store.load(A)).isEqualTo(DebounceState.NEVER);
        assertThat(deletion.deleted()).as("B's and the dropped message; A's comes back")
                .containsExactlyInAnyOrder("receipt-b", "receipt-junk");
        JsonObject log = logLine();
        assertThat(log.get("outcome").getAsString()).isEqualTo("failed");
        assertThat(log.get("accountErrors").getAsInt()).isEqualTo(1);
        JsonObject failed = log.getAsJsonObject("accounts").getAsJsonObject(A);
        assertThat(failed.get("action").getAsString()).isEqualTo("failed");
        assertThat(failed.get("error").getAsString()).startsWith("sts:AssumeRole failed: AccessDenied (HTTP 403)")
                .contains("req-1").doesNotContain("is not authorized");
        assertThat(log.getAsJsonObject("accounts").getAsJsonObject(B).get("action").getAsString()).isEqualTo("started");
    }

    @Test
    void anAccountWithoutACopyOfTheRuleOrWithAnUnreadableStateFailsAloneToo() {
        config.failing(A, new RuleCopyNotFoundException("account " + A + " has no copy of the rule"));
        DebounceStore unreadable = new DebounceStore() {
            @Override
            public DebounceState load(String key) {
                if (key.equals(B)) {
                    throw new UnreadableDebounceStateException("the debounce state of " + B + " cannot be read", null);
                }
                return store.load(key);
            }

            @Override
            public void save(String key, DebounceState state) {
                store.save(key, state);
            }
        };

        assertThatThrownBy(() -> handle(unreadable, batch(message("a", of(A, "create-access-key.json")),
                message("b", of(B, "create-access-key.json")), message("c", of(CENTRAL, "create-access-key.json")))))
                .hasMessageContaining("failed in 2 account(s)").hasMessageContaining("has no copy of the rule")
                .hasMessageContaining("cannot be read");

        assertThat(config.accounts()).containsExactly(CENTRAL, A);
        assertThat(deletion.deleted()).containsExactly("receipt-c");
    }

    @Test
    void aFailureThatIsNoAccountsFailsTheWholeBatchAsInOneAccount() {
        MessageDeferral broken = (handles, delay) -> {
            throw new IllegalStateException("sqs:ChangeMessageVisibilityBatch could not hide 1 message(s)");
        };
        config.busy(A);

        assertThatThrownBy(() -> new OrganizationTriggerHandler(settings(Set.of()), store, config, broken, deletion,
                Clock.fixed(NOW, ZoneOffset.UTC)).handleRequest(batch(message("a", of(A, "create-access-key.json"))),
                context)).hasMessageContaining("could not hide");
        assertThat(deletion.deleted()).isEmpty();
    }

    @Test
    void anEventNamingAnotherAccountThanItsSendersIsDroppedAndCountedAndStartsNothing() {
        SQSBatchResponse response = handle(batch(message("forged", of(B, A, "create-access-key.json", NOW)),
                message("a", of(A, "create-login-profile.json"))));

        assertThat(config.accounts()).as("only A's own event").containsExactly(A);
        assertThat(store.load(B)).isEqualTo(DebounceState.NEVER);
        assertThat(response.getBatchItemFailures()).as("dropped, never handed back").isEmpty();
        assertThat(logLine().get("mismatchedAccountEvents").getAsInt()).isEqualTo(1);
        assertThat(logLine().get("credentialEvents").getAsInt()).isEqualTo(1);
        assertThat(logLine().getAsJsonArray("ignored").get(0).getAsString())
                .isEqualTo("forged: an event sent by account " + B + " naming account " + A
                        + " as the one that received the call");
    }

    @Test
    void anEventWithoutARecipientAccountNamesNoOtherAccountAndCounts() {
        JsonObject event = JsonParser.parseString(of(A, "create-access-key.json")).getAsJsonObject();
        event.getAsJsonObject("detail").remove("recipientAccountId");

        handle(batch(message("a", event.toString())));

        assertThat(config.accounts()).containsExactly(A);
    }

    @Test
    void eventsOfAccountsLeftOutAndOfNoAccountAreForeignAndStartNothing() {
        SQSBatchResponse response = handle(settings(Set.of(LEFT_OUT)), batch(
                message("out", of(LEFT_OUT, "create-access-key.json")),
                message("short", of("12345", "create-access-key.json"))));

        assertThat(config.calls()).isEmpty();
        assertThat(store.saves()).isZero();
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(logLine().get("foreignAccountEvents").getAsInt()).isEqualTo(2);
        assertThat(logLine().getAsJsonObject("accounts").size()).isZero();
    }

    @Test
    void malformedMessagesAreDroppedWithTheirReasonAsInOneAccount() {
        SQSBatchResponse response = handle(batch(message("bad", "{\"source\":"),
                message("other", event("attach-user-policy.json"))));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(config.calls()).isEmpty();
        assertThat(logLine().getAsJsonArray("ignored")).hasSize(2);
    }

    @Test
    void theLogLineNamesNoUserAndCarriesNoEventBody() {
        handle(batch(message("a", of(A, "create-access-key.json")), message("bad", "new-hire")));

        assertThat(context.logLines().get(0)).doesNotContain("new-hire").doesNotContain("AKIAIOSFODNN7EXAMPLE");
    }

    @Test
    void anInvocationByAnArnThatIsNoFunctionsIsRefused() {
        assertThatThrownBy(() -> new OrganizationTriggerHandler(settings(Set.of()), store, config, queue, deletion,
                Clock.fixed(NOW, ZoneOffset.UTC)).handleRequest(batch(message("a", of(A, "create-access-key.json"))),
                new FakeContext("not-an-arn", 1000))).hasMessageContaining("is not a Lambda function's ARN");
        assertThat(config.calls()).isEmpty();
    }

    /** The fixture as {@code account}'s EventBridge forwards it: sender and recipient both that account. */
    private static String of(String account, String fixture) {
        return of(account, account, fixture, NOW.minusSeconds(60));
    }

    private static String of(String account, String fixture, Instant time) {
        return of(account, account, fixture, time);
    }

    private static String of(String sender, String recipient, String fixture, Instant time) {
        JsonObject event = JsonParser.parseString(event(fixture, time)).getAsJsonObject();
        event.addProperty("account", sender);
        event.getAsJsonObject("detail").addProperty("recipientAccountId", recipient);
        return event.toString();
    }

    private static OrganizationTriggerSettings settings(Set<String> excluded) {
        return new OrganizationTriggerSettings(RULE, "https://sqs.eu-west-1.amazonaws.com/111122223333/buffer", "debounce",
                new DebounceLimits(Duration.ofMinutes(15), CAP), new OrganizationAccounts(excluded),
                "IamUserSetupKeysReEvaluation", "arn:aws:lambda:eu-west-1:111122223333:function:rule:live",
                "aws-service-rule/config-multiaccountsetup.amazonaws.com/");
    }

    private SQSBatchResponse handle(SQSEvent batch) {
        return handle(settings(Set.of()), batch);
    }

    private SQSBatchResponse handle(OrganizationTriggerSettings settings, SQSEvent batch) {
        return new OrganizationTriggerHandler(settings, store, config, queue, deletion, Clock.fixed(NOW, ZoneOffset.UTC))
                .handleRequest(batch, context);
    }

    private SQSBatchResponse handle(DebounceStore states, SQSEvent batch) {
        return new OrganizationTriggerHandler(settings(Set.of()), states, config, queue, deletion,
                Clock.fixed(NOW, ZoneOffset.UTC)).handleRequest(batch, context);
    }

    private JsonObject logLine() {
        List<String> lines = context.logLines();
        return JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject();
    }

    private static List<String> failedIds(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }
}
