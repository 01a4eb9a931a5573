package io.github.setupkeys.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import io.github.setupkeys.lambda.FakeContext;
import io.github.setupkeys.rule.EmulatedRule;
import io.github.setupkeys.rule.domain.RuleMetadata;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
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
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The organization's near-real-time detection against moto with several accounts: member accounts reached as
 * the trigger reaches them (AssumeRole of their re-evaluation role; moto gives each role's account its own IAM), the
 * organization rule's copies seeded in each account's Config (the stand-in, which tells calls apart by the
 * account of the credentials that signed them), the central buffer queue and the debounce table keyed by account in
 * moto, and the organization's trigger with its real adapters.
 *
 * <p>What moto cannot show is shown elsewhere: it enforces no bus or queue policy and no IAM condition, delivers
 * events to SQS without {@code account} and rewrites {@code account} when it forwards between buses. So the
 * buffer's messages are put as EventBridge delivers them (the sender's account in {@code account}, CloudTrail's
 * record in {@code detail}), and the bus policy, the forwarding rule bound to its account and the roles' conditions
 * are asserted on the templates (infra's {@code OrganizationNearRealTimeTest}).
 */
@ExtendWith(MotoExtension.class)
class OrganizationNearRealTimeEmulatorTest {

    private static final String CENTRAL = EmulatedRule.OWN_ACCOUNT;
    private static final String A = "444455556666";
    private static final String B = "777788889999";
    /** A third account of the organization, which tries to make A spend its daily cap. */
    private static final String C = "210987654321";
    private static final String LEFT_OUT = "135791357913";
    private static final String TABLE = "IamUserSetupKeysOrganization-DebounceState";
    private static final String RULE_FUNCTION = EmulatedRule.FUNCTION_ARN;
    private static final String COPIES = "aws-service-rule/config-multiaccountsetup.amazonaws.com/";
    private static final String EXECUTION_ROLE = "IamUserSetupKeysRuleExecution";

    private MotoServer moto;
    private AwsStandIn standIn;
    private EmulatedRule.Running rule;
    private EmulatedTrigger.RunningForOrganization trigger;
    private final SdkHttpClient http = UrlConnectionHttpClient.create();
    private DynamoDbClient dynamoDb;
    private SqsClient sqs;
    private String queueUrl;
    private final FakeContext triggerContext = new FakeContext(
            "arn:aws:lambda:us-east-1:" + CENTRAL + ":function:IamUserSetupKeysOrganization-Trigger:live", 120_000);
    private final FakeContext ruleContext = new FakeContext(EmulatedRule.FUNCTION_ARN, 300_000);

    @BeforeEach
    void start(MotoServer server) {
        moto = server;
        standIn = AwsStandIn.inFrontOf(moto);
        rule = EmulatedRule.against(standIn.endpoint());
        dynamoDb = DynamoDbClient.builder().region(Region.US_EAST_1).endpointOverride(moto.endpoint()).httpClient(http)
                .credentialsProvider(IamSeeder.TEST_CREDENTIALS).build();
        sqs = SqsClient.builder().region(Region.US_EAST_1).endpointOverride(moto.endpoint()).httpClient(http)
                .credentialsProvider(IamSeeder.TEST_CREDENTIALS).build();
        // The table and the queue as the central stack creates them.
        dynamoDb.createTable(request -> request.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(key -> key.attributeName(DebounceStore.ACCOUNT_PARTITION_KEY).keyType(KeyType.HASH))
                .attributeDefinitions(attribute -> attribute.attributeName(DebounceStore.ACCOUNT_PARTITION_KEY)
                        .attributeType(ScalarAttributeType.S)));
        queueUrl = sqs.createQueue(request -> request.queueName("buffer")
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "720"))).queueUrl();
        for (String account : List.of(CENTRAL, A, B, C)) {
            copyOfTheRuleIn(account, "q" + account.substring(8));
        }
        trigger = EmulatedTrigger.againstOrganization(standIn.endpoint(), new OrganizationTriggerSettings(
                RuleMetadata.RULE_NAME, queueUrl, TABLE, DebounceLimits.DEFAULTS,
                new OrganizationAccounts(Set.of(LEFT_OUT)), "IamUserSetupKeysReEvaluation", RULE_FUNCTION, COPIES),
                Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        trigger.close();
        rule.close();
        standIn.close();
        dynamoDb.close();
        sqs.close();
        http.close();
    }

    @Test
    void eachMembersEventStartsARunOfItsOwnCopyInItsOwnAccountAndAForgedOneIsDropped() {
        User newHireInA;
        User newHireInB;
        try (IamSeeder inA = member(A); IamSeeder inB = member(B)) {
            newHireInA = inA.user("new-hire");
            inA.consolePassword("new-hire");
            inA.accessKey("new-hire");
            newHireInB = inB.user("contractor");
            inB.consolePassword("contractor");
            inB.accessKey("contractor");
        }

        SQSBatchResponse response = triggered(delivered(
                forwarded(A, "create-login-profile.json"), forwarded(A, "create-access-key.json"),
                forwarded(B, "create-access-key.json"),
                // C's event naming A as the account IAM received it in: what C would forge to spend A's cap.
                forwarded(C, A, "create-access-key.json")));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(standIn.config().starts()).as("one start per account, in that account, of that account's copy")
                .containsExactlyInAnyOrder(new ConfigStandIn.Start(A, List.of(copyName(A))),
                        new ConfigStandIn.Start(B, List.of(copyName(B))));
        assertThat(standIn.calls().count("sts:AssumeRole")).as("A's and B's re-evaluation roles").isEqualTo(2);
        assertThat(debounceState(A)).containsEntry("startsThatDay", AttributeValue.fromN("1"));
        assertThat(debounceState(B)).containsEntry("startsThatDay", AttributeValue.fromN("1"));
        assertThat(debounceState(C)).as("C spent nothing, and nothing of A's").isEmpty();
        JsonObject log = logLine();
        assertThat(log.get("mismatchedAccountEvents").getAsInt()).isEqualTo(1);
        assertThat(log.get("credentialEvents").getAsInt()).isEqualTo(3);
        assertThat(notVisible()).as("every message deleted, the forged one too").isZero();

        // What Config does then in each account: invoke the rule for that account, which evaluates it there. (The
        // stand-in keeps one store of results for every account, so each account is checked after its own run.)
        configRunsTheRuleIn(A);
        assertThat(standIn.config().stored().get(newHireInA.userId()).complianceType()).isEqualTo("NON_COMPLIANT");
        configRunsTheRuleIn(B);
        assertThat(standIn.config().stored().get(newHireInB.userId()).complianceType()).isEqualTo("NON_COMPLIANT");
        assertThat(standIn.config().putEvaluationsCalls()).extracting(call -> standIn.accountOf(call.accessKeyId()))
                .as("each run wrote its verdicts with its own account's credentials").containsExactly(A, B);
    }

    @Test
    void theCopyIsFoundAmongTheAccountsOwnRulesAndThoseOfOtherServicesOnAnyPage() {
        IntStream.range(0, 30).forEach(i -> standIn.config().rule(A, new ConfigStandIn.Rule("own-rule-" + i,
                "arn:aws:config:us-east-1:" + A + ":config-rule/config-rule-own" + i, "CUSTOM_LAMBDA", RULE_FUNCTION)));
        standIn.config().rule(A, new ConfigStandIn.Rule("iam-user-no-setup-access-keys-conformance-pack-x",
                "arn:aws:config:us-east-1:" + A + ":config-rule/aws-service-rule/config-conforms.amazonaws.com/config-rule-x",
                "CUSTOM_LAMBDA", RULE_FUNCTION));

        triggered(delivered(forwarded(A, "create-access-key.json")));

        assertThat(standIn.config().starts()).containsExactly(new ConfigStandIn.Start(A, List.of(copyName(A))));
        assertThat(standIn.calls().count("config:DescribeConfigRules")).as("two pages of 25").isEqualTo(2);
    }

    @Test
    void oneAccountsStormAtItsDailyCapDoesNotHoldBackAnotherAccountsEvent() {
        dynamoDb.putItem(request -> request.tableName(TABLE).item(Map.of(
                DebounceStore.ACCOUNT_PARTITION_KEY, AttributeValue.fromS(A),
                "lastStart", AttributeValue.fromS(Instant.now().minusSeconds(3600).toString()),
                "day", AttributeValue.fromS(LocalDate.now(ZoneOffset.UTC).toString()),
                "startsThatDay", AttributeValue.fromN("12"))));
        List<String> storm = new ArrayList<>(IntStream.range(0, 30)
                .mapToObj(i -> forwarded(A, i % 2 == 0 ? "create-access-key.json" : "create-login-profile.json")).toList());
        storm.add(15, forwarded(B, "create-login-profile.json"));

        SQSBatchResponse response = triggered(delivered(storm.toArray(String[]::new)));

        assertThat(standIn.config().starts()).containsExactly(new ConfigStandIn.Start(B, List.of(copyName(B))));
        assertThat(response.getBatchItemFailures()).hasSize(30);
        assertThat(notVisible()).as("A's events hidden until its cap resets, B's deleted").isEqualTo(30);
        assertThat(logLine().getAsJsonObject("accounts").getAsJsonObject(A).get("why").getAsString())
                .contains("daily cap of 12");
    }

    @Test
    void whileConfigEvaluatesOneAccountItsEventWaitsAndTheOtherAccountsStarts() {
        standIn.config().evaluationRunning(A, true);

        SQSBatchResponse response = triggered(delivered(forwarded(A, "create-access-key.json"),
                forwarded(B, "create-access-key.json")));

        assertThat(response.getBatchItemFailures()).hasSize(1);
        assertThat(standIn.config().starts()).containsExactly(new ConfigStandIn.Start(B, List.of(copyName(B))));
        assertThat(debounceState(A)).isEmpty();
        assertThat(logLine().getAsJsonObject("accounts").getAsJsonObject(A).get("action").getAsString())
                .isEqualTo("configBusy");
    }

    /**
     * What an operator would see if Config refused a member's StartConfigRulesEvaluation on the organization's copy
     * (unverified, docs/organization.md): that account's events fail and come back, the others' do not wait.
     */
    @Test
    void anAccountWhereTheStartIsRefusedFailsTheInvocationOnlyAfterTheOthersWereStartedAndDeleted() {
        standIn.config().refuseStarts(A, "AccessDeniedException");
        SQSEvent batch = delivered(forwarded(A, "create-access-key.json"), forwarded(B, "create-access-key.json"));

        assertThatThrownBy(() -> triggered(batch)).isInstanceOf(AccountsFailedException.class)
                .hasMessageContaining(A + ": config:StartConfigRulesEvaluation failed: AccessDeniedException");

        assertThat(standIn.config().starts()).containsExactly(new ConfigStandIn.Start(B, List.of(copyName(B))));
        assertThat(debounceState(B)).containsEntry("startsThatDay", AttributeValue.fromN("1"));
        assertThat(notVisible()).as("only A's message is still in the queue, to come back").isEqualTo(1);
        JsonObject log = logLine();
        assertThat(log.get("accountErrors").getAsInt()).isEqualTo(1);
        assertThat(log.getAsJsonObject("accounts").getAsJsonObject(A).get("error").getAsString())
                .startsWith("config:StartConfigRulesEvaluation failed: AccessDeniedException");
    }

    @Test
    void anAccountWithoutACopyYetFailsAloneNamingWhatIsMissing() {
        standIn.config().deleteRule(A, copyName(A));

        assertThatThrownBy(() -> triggered(delivered(forwarded(A, "create-access-key.json"),
                forwarded(B, "create-access-key.json")))).hasMessageContaining(A + ": account " + A
                        + " has no copy of the rule");
        assertThat(standIn.config().starts()).containsExactly(new ConfigStandIn.Start(B, List.of(copyName(B))));
    }

    @Test
    void theCentralAccountsOwnCopyIsStartedWithTheTriggersOwnCredentials() {
        triggered(delivered(forwarded(CENTRAL, "create-access-key.json")));

        assertThat(standIn.config().starts()).containsExactly(
                new ConfigStandIn.Start(CENTRAL, List.of(copyName(CENTRAL))));
        assertThat(standIn.calls().count("sts:AssumeRole")).isZero();
    }

    @Test
    void anAccountLeftOutIsForeignAndStartsNothing() {
        SQSBatchResponse response = triggered(delivered(forwarded(LEFT_OUT, "create-access-key.json")));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(standIn.config().starts()).isEmpty();
        assertThat(logLine().get("foreignAccountEvents").getAsInt()).isEqualTo(1);
    }

    /** The organization rule's copy in {@code account}, as Config names and places it. */
    private void copyOfTheRuleIn(String account, String suffix) {
        standIn.config().rule(account, new ConfigStandIn.Rule(copyName(account),
                "arn:aws:config:us-east-1:" + account + ":config-rule/" + COPIES + "config-rule-" + suffix,
                "CUSTOM_LAMBDA", RULE_FUNCTION));
    }

    private static String copyName(String account) {
        return "OrgConfigRule-" + RuleMetadata.RULE_NAME + "-q" + account.substring(8);
    }

    /** The fixture as {@code account}'s forwarding rule delivers it: EventBridge puts the sender in {@code account}. */
    private static String forwarded(String account, String fixture) {
        return forwarded(account, account, fixture);
    }

    private static String forwarded(String sender, String recipient, String fixture) {
        JsonObject event = JsonParser.parseString(QueueMessages.event(fixture, Instant.now())).getAsJsonObject();
        event.addProperty("account", sender);
        event.getAsJsonObject("detail").addProperty("recipientAccountId", recipient);
        return event.toString();
    }

    /** IAM of {@code account}, reached as the tests reach member accounts: by assuming a role there. */
    private IamSeeder member(String account) {
        try (StsClient sts = StsClient.builder().region(Region.US_EAST_1).endpointOverride(moto.endpoint())
                .credentialsProvider(IamSeeder.TEST_CREDENTIALS).build()) {
            Credentials credentials = sts.assumeRole(request -> request.roleSessionName("seeding")
                    .roleArn("arn:aws:iam::" + account + ":role/OrganizationAccountAccessRole")).credentials();
            return new IamSeeder(moto.endpoint(), StaticCredentialsProvider.create(AwsSessionCredentials.create(
                    credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken())));
        }
    }

    private void configRunsTheRuleIn(String account) {
        rule.handler().handleRequest(RuleInvocations.scheduled(account, Map.of("executionRoleName", EXECUTION_ROLE)),
                ruleContext);
    }

    /** As Lambda's event source mapping invokes the trigger: then it deletes what the function did not hand back. */
    private SQSBatchResponse triggered(SQSEvent batch) {
        SQSBatchResponse response = trigger.handler().handleRequest(batch, triggerContext);
        List<String> handedBack = response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
        batch.getRecords().stream().filter(message -> !handedBack.contains(message.getMessageId()))
                .forEach(message -> sqs.deleteMessage(request -> request.queueUrl(queueUrl)
                        .receiptHandle(message.getReceiptHandle())));
        return response;
    }

    private SQSEvent delivered(String... events) {
        for (String event : events) {
            sqs.sendMessage(request -> request.queueUrl(queueUrl).messageBody(event));
        }
        List<Message> messages = new ArrayList<>();
        for (int attempt = 0; attempt < 20 && messages.size() < events.length; attempt++) {
            messages.addAll(sqs.receiveMessage(request -> request.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages());
        }
        assertThat(messages).as("messages received from the buffer").hasSize(events.length);
        return QueueMessages.batch(messages.stream()
                .map(message -> QueueMessages.message(message.messageId(), message.receiptHandle(), message.body()))
                .toList());
    }

    private Map<String, AttributeValue> debounceState(String account) {
        return dynamoDb.getItem(request -> request.tableName(TABLE).consistentRead(true)
                .key(Map.of(DebounceStore.ACCOUNT_PARTITION_KEY, AttributeValue.fromS(account)))).item();
    }

    private int notVisible() {
        return Integer.parseInt(sqs.getQueueAttributes(request -> request.queueUrl(queueUrl)
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private JsonObject logLine() {
        List<String> lines = triggerContext.logLines();
        return JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject();
    }
}
