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
import io.github.setupkeys.lambda.FakeContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TriggerHandlerTest {

    private static final String RULE = "iam-user-no-setup-access-keys";
    private static final Instant NOW = Instant.parse("2026-11-29T10:20:00Z");
    private static final LocalDate TODAY = LocalDate.parse("2026-11-29");
    private static final Duration INTERVAL = Duration.ofMinutes(15);
    private static final int CAP = 12;

    private final InMemoryDebounceStore store = new InMemoryDebounceStore();
    private final ScriptedConfig config = new ScriptedConfig();
    private final RecordingDeferral queue = new RecordingDeferral();
    private final FakeContext context = new FakeContext();

    @Test
    void aCredentialEventStartsOneReEvaluationOfTheConfiguredRule() {
        SQSBatchResponse response = handle(NOW, batch(message("m1", event("create-access-key.json"))));

        assertThat(config.calls()).containsExactly(RULE);
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(store.load(RULE)).isEqualTo(new DebounceState(Optional.of(NOW), TODAY, 1));
        assertThat(queue.calls()).isEmpty();
    }

    @Test
    void aBurstOfEventsInOneBatchStartsOneReEvaluation() {
        SQSEvent burst = batch(IntStream.range(0, 25).mapToObj(i -> message("m" + i,
                event(i % 2 == 0 ? "create-access-key.json" : "create-login-profile.json", NOW.minusSeconds(90 - i))))
                .toList());

        SQSBatchResponse response = handle(NOW, burst);

        assertThat(config.calls()).hasSize(1);
        assertThat(response.getBatchItemFailures()).isEmpty();
    }

    @Test
    void debounce_eventsBeforeTheLastStartAreCoveredByItAndDroppedWithoutANewStart() {
        store.with(RULE, new DebounceState(Optional.of(NOW.minusSeconds(60)), TODAY, 3));
        SQSEvent late = batch(message("m1", event("create-access-key.json", NOW.minusSeconds(200))),
                message("m2", event("create-login-profile.json", NOW.minusSeconds(91))));

        SQSBatchResponse response = handle(NOW, late);

        assertThat(config.calls()).isEmpty();
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(queue.calls()).isEmpty();
        assertThat(logLine().get("action").getAsString()).isEqualTo("covered");
    }

    @Test
    void debounce_anEventLessThanTheSettleTimeBeforeTheLastStartIsNotTakenAsCovered() {
        Instant lastStart = NOW.minus(INTERVAL).minusSeconds(1);
        store.with(RULE, new DebounceState(Optional.of(lastStart), TODAY, 1));

        handle(NOW, batch(message("m1", event("create-access-key.json", lastStart.minus(Debounce.SETTLE).plusSeconds(1)))));

        assertThat(config.calls()).containsExactly(RULE);
    }

    @Test
    void interval_anEventWithinTheMinimumIntervalWaitsHiddenUntilItEndsAndIsHandedBack() {
        store.with(RULE, new DebounceState(Optional.of(NOW.minus(Duration.ofMinutes(5))), TODAY, 1));

        SQSBatchResponse response = handle(NOW, batch(message("m1", event("create-access-key.json", NOW.minusSeconds(30)))));

        assertThat(config.calls()).isEmpty();
        assertThat(failedIds(response)).containsExactly("m1");
        assertThat(queue.calls()).containsExactly(new RecordingDeferral.Deferred(List.of("receipt-m1"), Duration.ofMinutes(10)));
        assertThat(logLine().get("why").getAsString()).contains("minimum interval of 900 s");
    }

    @Test
    void interval_onceItHasPassedTheWaitingEventStartsAReEvaluation() {
        store.with(RULE, new DebounceState(Optional.of(NOW.minus(Duration.ofMinutes(5))), TODAY, 1));
        SQSEvent waiting = batch(message("m1", event("create-access-key.json", NOW.minusSeconds(30))));
        handle(NOW, waiting);

        SQSBatchResponse later = handle(NOW.plus(Duration.ofMinutes(10)), waiting);

        assertThat(config.calls()).containsExactly(RULE);
        assertThat(later.getBatchItemFailures()).isEmpty();
        assertThat(store.load(RULE).lastStart()).contains(NOW.plus(Duration.ofMinutes(10)));
    }

    @Test
    void interval_inABatchThatWaitsOnlyTheUncoveredMessagesAreHandedBack() {
        Instant lastStart = NOW.minus(Duration.ofMinutes(5));
        store.with(RULE, new DebounceState(Optional.of(lastStart), TODAY, 1));

        SQSBatchResponse response = handle(NOW, batch(message("old", event("create-access-key.json", lastStart.minusSeconds(120))),
                message("new", event("create-login-profile.json", NOW.minusSeconds(20)))));

        assertThat(failedIds(response)).containsExactly("new");
        assertThat(queue.calls()).singleElement().satisfies(call -> assertThat(call.receiptHandles()).containsExactly("receipt-new"));
    }

    @Test
    void dailyCap_reachedHoldsEventsUntilMidnightUtc() {
        Instant evening = Instant.parse("2026-11-29T20:00:00Z");
        store.with(RULE, new DebounceState(Optional.of(evening.minus(Duration.ofHours(2))), TODAY, CAP));

        SQSBatchResponse response = handle(evening, batch(message("m1", event("create-access-key.json", evening.minusSeconds(60)))));

        assertThat(config.calls()).isEmpty();
        assertThat(failedIds(response)).containsExactly("m1");
        assertThat(queue.calls()).singleElement().satisfies(call -> assertThat(call.delay()).isEqualTo(Duration.ofHours(4)));
        assertThat(logLine().get("why").getAsString()).contains("daily cap of 12");
    }

    @Test
    void dailyCap_waitsAreCutToWhatSqsAllowsAndResumeAfterward() {
        Instant early = Instant.parse("2026-11-29T01:00:00Z");
        store.with(RULE, new DebounceState(Optional.of(early.minus(Duration.ofMinutes(30))), TODAY, CAP));

        handle(early, batch(message("m1", event("create-access-key.json", early.minusSeconds(60)))));

        assertThat(queue.calls()).singleElement().satisfies(call -> assertThat(call.delay()).isEqualTo(Duration.ofHours(11)));
    }

    @Test
    void dailyCap_countsStartsOfTheCurrentUtcDayOnly() {
        Instant justAfterMidnight = Instant.parse("2026-11-30T00:00:05Z");
        store.with(RULE, new DebounceState(Optional.of(Instant.parse("2026-11-29T23:00:00Z")), TODAY, CAP));

        handle(justAfterMidnight, batch(message("m1", event("create-access-key.json", justAfterMidnight.minusSeconds(60)))));

        assertThat(config.calls()).containsExactly(RULE);
        assertThat(store.load(RULE)).isEqualTo(new DebounceState(Optional.of(justAfterMidnight), TODAY.plusDays(1), 1));
    }

    @Test
    void dailyCap_theLastAllowedStartStillHappens() {
        store.with(RULE, new DebounceState(Optional.of(NOW.minus(Duration.ofHours(1))), TODAY, CAP - 1));

        handle(NOW, batch(message("m1", event("create-access-key.json"))));

        assertThat(config.calls()).containsExactly(RULE);
        assertThat(store.load(RULE).startsThatDay()).isEqualTo(CAP);
    }

    @Test
    void limitExceeded_whileConfigIsEvaluatingEveryPendingMessageComesBackInTwoMinutes() {
        config.busy();

        SQSBatchResponse response = handle(NOW, batch(message("m1", event("create-access-key.json")),
                message("m2", event("create-login-profile.json"))));

        assertThat(config.calls()).containsExactly(RULE);
        assertThat(failedIds(response)).containsExactly("m1", "m2");
        assertThat(queue.calls()).containsExactly(new RecordingDeferral.Deferred(List.of("receipt-m1", "receipt-m2"),
                TriggerHandler.RETRY_WHILE_RUNNING));
        assertThat(store.saves()).as("nothing started, nothing counted").isZero();
        assertThat(logLine().get("action").getAsString()).isEqualTo("configBusy");
    }

    @Test
    void limitExceeded_theRetryAfterTheEvaluationEndedStartsOne() {
        config.busy();
        SQSEvent batch = batch(message("m1", event("create-access-key.json")));
        handle(NOW, batch);

        SQSBatchResponse retry = handle(NOW.plus(TriggerHandler.RETRY_WHILE_RUNNING), batch);

        assertThat(config.calls()).containsExactly(RULE, RULE);
        assertThat(retry.getBatchItemFailures()).isEmpty();
        assertThat(store.load(RULE).startsThatDay()).isEqualTo(1);
    }

    @Test
    void aMessageIsNeverHandedBackToBeReceivedAgainAtOnce() {
        Instant lastStart = NOW.minus(INTERVAL).plusSeconds(2);
        store.with(RULE, new DebounceState(Optional.of(lastStart), TODAY, 1));

        handle(NOW, batch(message("m1", event("create-access-key.json", NOW.minusSeconds(5)))));

        assertThat(queue.calls()).singleElement()
                .satisfies(call -> assertThat(call.delay()).isEqualTo(TriggerHandler.SHORTEST_DEFERRAL));
    }

    static Stream<Arguments> malformedMessages() {
        JsonObject noTime = JsonParser.parseString(event("create-access-key.json")).getAsJsonObject();
        noTime.remove("time");
        JsonObject badTime = JsonParser.parseString(event("create-access-key.json")).getAsJsonObject();
        badTime.addProperty("time", "yesterday");
        JsonObject noDetail = JsonParser.parseString(event("create-access-key.json")).getAsJsonObject();
        noDetail.addProperty("detail", "CreateAccessKey");
        JsonObject s3 = JsonParser.parseString(event("create-access-key.json")).getAsJsonObject();
        s3.addProperty("source", "aws.s3");
        return Stream.of(
                Arguments.of("not JSON", "CreateAccessKey for new-hire", "not JSON: "),
                Arguments.of("empty body", "", "not JSON: "),
                Arguments.of("a JSON array", "[1, 2]", "not a JSON object"),
                Arguments.of("JSON only a lenient reader takes", "{'source': 'aws.iam'}", "not JSON: "),
                Arguments.of("a name given twice", event("create-access-key.json").replaceFirst("\\{",
                        "{\"account\": \"444455556666\", "), "not JSON: the name 'account' appears twice"),
                Arguments.of("no account", withoutAccount().toString(), "no account"),
                Arguments.of("another service's event", s3.toString(), "source aws.s3"),
                Arguments.of("an IAM event that changes no verdict", event("attach-user-policy.json"),
                        "AttachUserPolicy cannot change a verdict"),
                Arguments.of("a call IAM refused", event("create-access-key-denied.json"), "CreateAccessKey failed (AccessDenied)"),
                Arguments.of("no time", noTime.toString(), "without a readable time"),
                Arguments.of("an unreadable time", badTime.toString(), "without a readable time"),
                Arguments.of("a detail that is not an object", noDetail.toString(), "no detail object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedMessages")
    void malformed_aMessageThatIsNotAVerdictChangingIamEventIsDroppedWithALogLine(String name, String body,
            String reason) {
        SQSBatchResponse response = handle(NOW, batch(message("bad", body)));

        assertThat(response.getBatchItemFailures()).as("never handed back: it would only come back").isEmpty();
        assertThat(config.calls()).isEmpty();
        assertThat(logLine().getAsJsonArray("ignored").get(0).getAsString()).startsWith("bad: ").contains(reason);
        assertThat(logLine().get("outcome").getAsString()).isEqualTo("ok");
    }

    @Test
    void malformed_messagesInABatchDoNotStopTheGoodOnes() {
        SQSBatchResponse response = handle(NOW, batch(message("bad", "{\"source\":"), message("good", event("create-access-key.json")),
                message("other", event("attach-user-policy.json"))));

        assertThat(config.calls()).containsExactly(RULE);
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(logLine().get("messages").getAsInt()).isEqualTo(3);
        assertThat(logLine().get("credentialEvents").getAsInt()).isEqualTo(1);
    }

    @Test
    void anEmptyBatchDoesNothing() {
        SQSEvent empty = new SQSEvent();

        assertThat(handle(NOW, empty).getBatchItemFailures()).isEmpty();
        assertThat(config.calls()).isEmpty();
        assertThat(store.saves()).isZero();
    }

    @Test
    void anAwsFailureFailsTheInvocationSoTheWholeBatchComesBackAndNothingIsCounted() {
        config.failing(new IllegalStateException("config:StartConfigRulesEvaluation failed: AccessDenied (HTTP 400): denied"));

        assertThatThrownBy(() -> handle(NOW, batch(message("m1", event("create-access-key.json")))))
                .hasMessageContaining("AccessDenied");
        assertThat(store.saves()).isZero();
        assertThat(logLine().get("outcome").getAsString()).isEqualTo("failed");
        assertThat(logLine().get("error").getAsString()).contains("config:StartConfigRulesEvaluation");
    }

    @Test
    void theLogLineNamesNoUserAndCarriesNoEventBody() {
        handle(NOW, batch(message("m1", event("create-access-key.json")), message("bad", "new-hire")));

        String line = context.logLines().get(0);
        assertThat(line).doesNotContain("new-hire").doesNotContain("AKIAIOSFODNN7EXAMPLE");
        assertThat(logLine().get("action").getAsString()).isEqualTo("started");
    }

    @Test
    void anEventOfAnotherAccountIsIgnoredAndCountedWhileTheOwnAccountsStartsTheReEvaluation() {
        SQSBatchResponse response = handle(NOW, batch(message("foreign", ofAccount("444455556666")),
                message("own", event("create-access-key.json"))));

        assertThat(config.calls()).containsExactly(RULE);
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(logLine().get("credentialEvents").getAsInt()).isEqualTo(1);
        assertThat(logLine().get("foreignAccountEvents").getAsInt()).isEqualTo(1);
        assertThat(logLine().getAsJsonArray("ignored").get(0).getAsString())
                .isEqualTo("foreign: an event of account 444455556666, which this trigger does not serve");
    }

    @Test
    void eventsOfOtherAccountsAloneStartNothingAndSpendNoneOfTheDailyCap() {
        SQSBatchResponse response = handle(NOW, batch(IntStream.range(0, 50)
                .mapToObj(i -> message("m" + i, ofAccount(String.format("%012d", 444455550000L + i)))).toList()));

        assertThat(config.calls()).isEmpty();
        assertThat(store.saves()).isZero();
        assertThat(response.getBatchItemFailures()).as("dropped, never handed back").isEmpty();
        assertThat(logLine().get("foreignAccountEvents").getAsInt()).isEqualTo(50);
        assertThat(logLine().get("action").getAsString()).isEqualTo("none");
    }

    private static String ofAccount(String account) {
        JsonObject event = JsonParser.parseString(event("create-access-key.json")).getAsJsonObject();
        event.addProperty("account", account);
        return event.toString();
    }

    private static JsonObject withoutAccount() {
        JsonObject event = JsonParser.parseString(event("create-access-key.json")).getAsJsonObject();
        event.remove("account");
        return event;
    }

    private SQSBatchResponse handle(Instant now, SQSEvent batch) {
        TriggerSettings settings = new TriggerSettings(RULE, "https://sqs.us-east-1.amazonaws.com/111122223333/buffer",
                "debounce", new DebounceLimits(INTERVAL, CAP), AllowedAccounts.parse("111122223333"));
        return new TriggerHandler(settings, store, config, queue, Clock.fixed(now, ZoneOffset.UTC))
                .handleRequest(batch, context);
    }

    private JsonObject logLine() {
        List<String> lines = context.logLines();
        return JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject();
    }

    private static List<String> failedIds(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }
}
