package io.github.setupkeys.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.setupkeys.it.support.AwsStandIn;
import io.github.setupkeys.it.support.ConfigStandIn;
import io.github.setupkeys.it.support.IamSeeder;
import io.github.setupkeys.it.support.MotoExtension;
import io.github.setupkeys.it.support.MotoServer;
import io.github.setupkeys.it.support.RuleInvocations;
import io.github.setupkeys.it.support.ShortSetupWindow;
import io.github.setupkeys.lambda.FakeContext;
import io.github.setupkeys.rule.EmulatedRule;
import io.github.setupkeys.rule.domain.RuleMetadata;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.iam.model.User;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Near-real-time detection end to end against moto: an IAM event in the buffer queue, the trigger with its
 * real DynamoDB, Config and SQS adapters, Config's StartConfigRulesEvaluation answered by the stand-in, and
 * the rule handler invoked as Config invokes it then, with real IAM calls.
 */
@ExtendWith(MotoExtension.class)
class NearRealTimeEmulatorTest {

    private static final String RULE = RuleMetadata.RULE_NAME;
    private static final String TABLE = "IamUserSetupKeysRule-DebounceState";

    private IamSeeder seed;
    private AwsStandIn standIn;
    private EmulatedRule.Running rule;
    private EmulatedTrigger.Running trigger;
    private final SdkHttpClient http = UrlConnectionHttpClient.create();
    private DynamoDbClient dynamoDb;
    private SqsClient sqs;
    private String queueUrl;
    private final FakeContext triggerContext = new FakeContext(
            "arn:aws:lambda:us-east-1:" + EmulatedRule.OWN_ACCOUNT + ":function:trigger:live", 60_000);
    private final FakeContext ruleContext = new FakeContext(EmulatedRule.FUNCTION_ARN, 300_000);
    private int startsAnswered;

    @BeforeEach
    void start(MotoServer moto) {
        seed = new IamSeeder(moto);
        standIn = AwsStandIn.inFrontOf(moto);
        rule = EmulatedRule.against(standIn.endpoint());
        dynamoDb = DynamoDbClient.builder().region(Region.US_EAST_1).endpointOverride(moto.endpoint()).httpClient(http)
                .credentialsProvider(IamSeeder.TEST_CREDENTIALS).build();
        sqs = SqsClient.builder().region(Region.US_EAST_1).endpointOverride(moto.endpoint()).httpClient(http)
                .credentialsProvider(IamSeeder.TEST_CREDENTIALS).build();
        // The table and the queue as the CDK app creates them.
        dynamoDb.createTable(request -> request.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(key -> key.attributeName(DebounceStore.PARTITION_KEY).keyType(KeyType.HASH))
                .attributeDefinitions(attribute -> attribute.attributeName(DebounceStore.PARTITION_KEY)
                        .attributeType(ScalarAttributeType.S)));
        queueUrl = sqs.createQueue(request -> request.queueName("buffer")
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "360"))).queueUrl();
        trigger = EmulatedTrigger.against(standIn.endpoint(),
                new TriggerSettings(RULE, queueUrl, TABLE, DebounceLimits.DEFAULTS,
                        AllowedAccounts.parse(EmulatedRule.OWN_ACCOUNT)), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        trigger.close();
        rule.close();
        standIn.close();
        seed.close();
        dynamoDb.close();
        sqs.close();
        http.close();
    }

    @Test
    void aNewHireWithAConsolePasswordAndAnUnusedSetupKeyIsNonCompliantMinutesLater() {
        User user = seed.user("new-hire");
        seed.consolePassword("new-hire");
        String key = seed.accessKey("new-hire");

        SQSBatchResponse response = triggered(
                delivered(iamEvent("create-login-profile.json", "new-hire"), iamEvent("create-access-key.json", "new-hire")));
        configRunsTheRule(Map.of());

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(standIn.calls().count("config:StartConfigRulesEvaluation")).isEqualTo(1);
        assertThat(JsonParser.parseString(standIn.config().evaluationStarts().get(0)))
                .isEqualTo(JsonParser.parseString("{\"ConfigRuleNames\":[\"iam-user-no-setup-access-keys\"]}"));
        assertThat(debounceState()).containsEntry("startsThatDay", AttributeValue.fromN("1"));
        ConfigStandIn.Evaluation stored = standIn.config().stored().get(user.userId());
        assertThat(stored.complianceType()).isEqualTo("NON_COMPLIANT");
        assertThat(stored.annotation()).contains(key);
    }

    @Test
    void aPasswordGivenToAnOldUserWithAnUnusedSetupKeyIsFoundThoughTheCredentialReportPredatesIt() {
        Map<String, String> window = Map.of("setupWindowSeconds", ShortSetupWindow.VALUE);
        User old = seed.user("old");
        String key = seed.accessKey("old");
        seed.user("console");
        seed.consolePassword("console");
        ShortSetupWindow.waitPastIt();
        standIn.keepCredentialReport();
        rule.handler().handleRequest(RuleInvocations.scheduled(EmulatedRule.OWN_ACCOUNT, window), ruleContext);
        assertThat(standIn.config().stored().get(old.userId()).complianceType()).isEqualTo("NOT_APPLICABLE");

        seed.consolePassword("old");
        triggered(delivered(iamEvent("create-login-profile.json", "old")));
        standIn.calls().clear();
        configRunsTheRule(window);

        assertThat(standIn.config().stored().get(old.userId()).complianceType()).isEqualTo("NON_COMPLIANT");
        assertThat(standIn.config().stored().get(old.userId()).annotation()).contains(key);
        JsonObject log = JsonParser.parseString(ruleContext.logLines().get(ruleContext.logLines().size() - 1))
                .getAsJsonObject();
        assertThat(log.get("users").getAsInt()).isEqualTo(2);
        assertThat(log.get("candidates").getAsInt()).as("only the user whose row shows a setup-key slot").isEqualTo(1);
        assertThat(standIn.calls().count("iam:GetLoginProfile")).isEqualTo(1);
    }

    @Test
    void anEventOfAnotherAccountInTheBufferStartsNothingAndIsDroppedWhileTheOwnAccountsStartsARun() {
        seed.user("new-hire");
        SQSEvent foreign = delivered(ofAccount(iamEvent("create-access-key.json", "new-hire"), "444455556666"));

        SQSBatchResponse response = triggered(foreign);

        assertThat(response.getBatchItemFailures()).as("dropped, not handed back").isEmpty();
        assertThat(standIn.calls().count("config:StartConfigRulesEvaluation")).isZero();
        assertThat(debounceState()).as("none of the day's cap spent").isEmpty();
        assertThat(notVisible()).as("deleted from the buffer").isZero();
        JsonObject log = JsonParser.parseString(triggerContext.logLines().get(0)).getAsJsonObject();
        assertThat(log.get("foreignAccountEvents").getAsInt()).isEqualTo(1);

        triggered(delivered(iamEvent("create-access-key.json", "new-hire")));

        assertThat(standIn.config().evaluationStarts()).hasSize(1);
    }

    @Test
    void whileConfigIsEvaluatingTheEventWaitsHiddenInTheQueueAndStartsARunOnceConfigIsFree() {
        seed.user("new-hire");
        standIn.config().evaluationRunning(true);
        SQSEvent batch = delivered(iamEvent("create-access-key.json", "new-hire"));

        SQSBatchResponse response = triggered(batch);

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(batch.getRecords().get(0).getMessageId());
        assertThat(standIn.calls().count("config:StartConfigRulesEvaluation")).as("refused once, not retried").isEqualTo(1);
        assertThat(debounceState()).isEmpty();
        assertThat(sqs.receiveMessage(request -> request.queueUrl(queueUrl).waitTimeSeconds(1)).messages())
                .as("hidden for two minutes").isEmpty();
        assertThat(notVisible()).isEqualTo(1);

        standIn.config().evaluationRunning(false);
        sqs.changeMessageVisibility(request -> request.queueUrl(queueUrl) // two minutes later
                .receiptHandle(batch.getRecords().get(0).getReceiptHandle()).visibilityTimeout(0));
        SQSBatchResponse retry = triggered(received(1));

        assertThat(retry.getBatchItemFailures()).isEmpty();
        assertThat(standIn.config().evaluationStarts()).hasSize(1);
    }

    @Test
    void anEventWithinTheMinimumIntervalIsHeldInTheQueueInsteadOfStartingASecondRun() {
        seed.user("new-hire");
        triggered(delivered(iamEvent("create-login-profile.json", "new-hire")));

        SQSBatchResponse second = triggered(
                delivered(iamEvent("create-access-key.json", "new-hire")));

        assertThat(second.getBatchItemFailures()).hasSize(1);
        assertThat(standIn.config().evaluationStarts()).hasSize(1);
        assertThat(notVisible()).isEqualTo(1);
        JsonObject log = JsonParser.parseString(triggerContext.logLines().get(1)).getAsJsonObject();
        assertThat(log.get("action").getAsString()).isEqualTo("wait");
        assertThat(log.get("retryInSeconds").getAsLong()).isBetween(850L, 900L);
    }

    @Test
    void anOnDemandRunDeliveringChangeNotificationsBesideTheScheduledOneGivesEachUserOneVerdictInAnyOrder() {
        List<User> users = List.of(seed.user("new-hire"), seed.user("console"), seed.user("service"));
        seed.consolePassword("new-hire");
        seed.accessKey("new-hire");
        seed.consolePassword("console");
        seed.accessKey("service");
        triggered(delivered(iamEvent("create-access-key.json", "new-hire")));

        rule.handler().handleRequest(RuleInvocations.scheduled(EmulatedRule.OWN_ACCOUNT, Map.of()), ruleContext);
        users.forEach(user -> rule.handler().handleRequest(
                RuleInvocations.change(user, "OK", EmulatedRule.OWN_ACCOUNT, Map.of()), ruleContext));
        Map<String, String> scheduledFirst = storedVerdicts();
        standIn.config().clear();
        users.forEach(user -> rule.handler().handleRequest(
                RuleInvocations.change(user, "OK", EmulatedRule.OWN_ACCOUNT, Map.of()), ruleContext));
        rule.handler().handleRequest(RuleInvocations.scheduled(EmulatedRule.OWN_ACCOUNT, Map.of()), ruleContext);
        Map<String, String> changesFirst = storedVerdicts();

        assertThat(scheduledFirst).isEqualTo(changesFirst).isEqualTo(Map.of(
                users.get(0).userId(), "NON_COMPLIANT", users.get(1).userId(), "COMPLIANT",
                users.get(2).userId(), "NOT_APPLICABLE"));
        assertThat(standIn.config().evaluations().stream().collect(Collectors.groupingBy(
                ConfigStandIn.Evaluation::resourceId, Collectors.mapping(ConfigStandIn.Evaluation::complianceType,
                        Collectors.toSet()))))
                .as("both paths wrote the same verdict for each user").allSatisfy((id, verdicts) ->
                        assertThat(verdicts).hasSize(1));
    }

    /**
     * The trigger invoked as Lambda's event source mapping invokes it: then the mapping deletes the messages
     * the function did not hand back, and the handed-back ones stay in the queue.
     */
    private SQSBatchResponse triggered(SQSEvent batch) {
        SQSBatchResponse response = trigger.handler().handleRequest(batch, triggerContext);
        List<String> handedBack = response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
        batch.getRecords().stream().filter(message -> !handedBack.contains(message.getMessageId()))
                .forEach(message -> sqs.deleteMessage(request -> request.queueUrl(queueUrl)
                        .receiptHandle(message.getReceiptHandle())));
        return response;
    }

    /** The fixture as EventBridge delivers it for {@code userName} of the emulated account, timed now. */
    private static String iamEvent(String fixture, String userName) {
        JsonObject event = JsonParser.parseString(QueueMessages.event(fixture, Instant.now())).getAsJsonObject();
        event.getAsJsonObject("detail").getAsJsonObject("requestParameters").addProperty("userName", userName);
        return ofAccount(event.toString(), EmulatedRule.OWN_ACCOUNT);
    }

    /** {@code event} as another account's EventBridge would deliver it (the bus sets {@code account}). */
    private static String ofAccount(String event, String account) {
        JsonObject changed = JsonParser.parseString(event).getAsJsonObject();
        changed.addProperty("account", account);
        changed.getAsJsonObject("detail").addProperty("recipientAccountId", account);
        return changed.toString();
    }

    /** Sends the events to the buffer queue and receives them as Lambda's event source mapping does. */
    private SQSEvent delivered(String... events) {
        for (String event : events) {
            sqs.sendMessage(request -> request.queueUrl(queueUrl).messageBody(event));
        }
        return received(events.length);
    }

    private SQSEvent received(int count) {
        List<Message> messages = new ArrayList<>();
        for (int attempt = 0; attempt < 10 && messages.size() < count; attempt++) {
            messages.addAll(sqs.receiveMessage(request -> request.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages());
        }
        assertThat(messages).as("messages received from the buffer").hasSize(count);
        return QueueMessages.batch(messages.stream()
                .map(message -> QueueMessages.message(message.messageId(), message.receiptHandle(), message.body()))
                .toList());
    }

    /** What Config does after accepting StartConfigRulesEvaluation: invokes the rule with a scheduled run. */
    private void configRunsTheRule(Map<String, String> parameters) {
        for (; startsAnswered < standIn.config().evaluationStarts().size(); startsAnswered++) {
            rule.handler().handleRequest(RuleInvocations.scheduled(EmulatedRule.OWN_ACCOUNT, parameters), ruleContext);
        }
    }

    private Map<String, AttributeValue> debounceState() {
        return dynamoDb.getItem(request -> request.tableName(TABLE).consistentRead(true)
                .key(Map.of(DebounceStore.PARTITION_KEY, AttributeValue.fromS(RULE)))).item();
    }

    private int notVisible() {
        return Integer.parseInt(sqs.getQueueAttributes(request -> request.queueUrl(queueUrl)
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private Map<String, String> storedVerdicts() {
        Map<String, String> verdicts = new LinkedHashMap<>();
        standIn.config().stored().forEach((id, evaluation) -> verdicts.put(id, evaluation.complianceType()));
        return verdicts;
    }
}
