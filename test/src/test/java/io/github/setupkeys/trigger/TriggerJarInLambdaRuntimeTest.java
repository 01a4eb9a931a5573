package io.github.setupkeys.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.setupkeys.it.support.AwsStandIn;
import io.github.setupkeys.it.support.ConfigStandIn;
import io.github.setupkeys.it.support.IamSeeder;
import io.github.setupkeys.it.support.LambdaJavaRuntime;
import io.github.setupkeys.it.support.MotoExtension;
import io.github.setupkeys.it.support.MotoServer;
import io.github.setupkeys.it.support.TriggerJar;
import io.github.setupkeys.rule.domain.RuleMetadata;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The built trigger jar ({@code trigger/target/setupkeys-trigger.jar}) as Lambda runs it ({@link LambdaJavaRuntime}):
 * the runtime reads the SQS batch with its own serializer for {@code SQSEvent} before the handler sees it, and
 * writes the handler's {@code SQSBatchResponse} back. Against moto (DynamoDB, SQS) and the Config stand-in.
 */
@ExtendWith(MotoExtension.class)
class TriggerJarInLambdaRuntimeTest {

    private static final String HANDLER = "io.github.setupkeys.trigger.TriggerHandler::handleRequest";
    private static final String RULE_FUNCTION_ARN =
            "arn:aws:lambda:us-east-1:123456789012:function:IamUserSetupKeysOrganization-RuleFunction:live";
    private static final String FUNCTION_ARN =
            "arn:aws:lambda:us-east-1:123456789012:function:IamUserSetupKeysRule-NearRealTimeTrigger:live";
    private static final String TABLE = "IamUserSetupKeysRule-DebounceState";
    private static final String ORGANIZATION_HANDLER = "io.github.setupkeys.trigger.OrganizationTriggerHandler::handleRequest";
    private static final String ORGANIZATION_TABLE = "IamUserSetupKeysOrganization-DebounceState";
    private static final String MEMBER = "444455556666";

    @TempDir
    static Path directory;
    /** The jar extracted as Lambda extracts it, once with everything and once without Joda-Time. */
    private static Path deployed;
    private static Path withoutJoda;
    private AwsStandIn standIn;
    private final SdkHttpClient http = UrlConnectionHttpClient.create();
    private SqsClient sqs;
    private String queueUrl;

    @BeforeAll
    static void deploy() {
        deployed = LambdaJavaRuntime.deploy(TriggerJar.path(), directory, entry -> false);
        withoutJoda = LambdaJavaRuntime.deploy(TriggerJar.path(), directory, entry -> entry.startsWith("org/joda/"));
    }

    @BeforeEach
    void start(MotoServer moto) {
        standIn = AwsStandIn.inFrontOf(moto);
        sqs = SqsClient.builder().region(Region.US_EAST_1).endpointOverride(moto.endpoint()).httpClient(http)
                .credentialsProvider(IamSeeder.TEST_CREDENTIALS).build();
        try (DynamoDbClient dynamoDb = DynamoDbClient.builder().region(Region.US_EAST_1).endpointOverride(moto.endpoint())
                .httpClient(http).credentialsProvider(IamSeeder.TEST_CREDENTIALS).build()) {
            for (Map.Entry<String, String> table : Map.of(TABLE, DebounceStore.PARTITION_KEY, ORGANIZATION_TABLE,
                    DebounceStore.ACCOUNT_PARTITION_KEY).entrySet()) {
                dynamoDb.createTable(request -> request.tableName(table.getKey()).billingMode(BillingMode.PAY_PER_REQUEST)
                        .keySchema(key -> key.attributeName(table.getValue()).keyType(KeyType.HASH))
                        .attributeDefinitions(attribute -> attribute.attributeName(table.getValue())
                                .attributeType(ScalarAttributeType.S)));
            }
        }
        queueUrl = sqs.createQueue(request -> request.queueName("buffer")).queueUrl();
    }

    @AfterEach
    void stop() {
        standIn.close();
        sqs.close();
        http.close();
    }

    @Test
    void anIamEventReadByTheRuntimeStartsARunAndTheBatchResponseReachesLambda() {
        try (LambdaJavaRuntime lambda = running(deployed)) {

            LambdaJavaRuntime.Invocation invocation = lambda.invoke(batch(QueueMessages.event("create-access-key.json",
                    Instant.now())));

            assertThat(invocation.succeeded()).as("%s%n%s", invocation.body(), lambda.output()).isTrue();
            assertThat(JsonParser.parseString(invocation.body()))
                    .isEqualTo(JsonParser.parseString("{\"batchItemFailures\":[]}"));
            assertThat(standIn.config().evaluationStarts()).singleElement().satisfies(start -> assertThat(
                    JsonParser.parseString(start)).isEqualTo(JsonParser.parseString(
                            "{\"ConfigRuleNames\":[\"" + RuleMetadata.RULE_NAME + "\"]}")));
        }
    }

    /**
     * The organization's handler from the same jar: a member's forwarded event makes it assume that member's
     * re-evaluation role (STS is in the jar), find the member's copy of the rule and start it there.
     */
    @Test
    void anOrganizationsTriggerReadByTheRuntimeStartsTheEventsOwnAccountsCopyThroughItsRole() {
        String copy = "OrgConfigRule-" + RuleMetadata.RULE_NAME + "-x1y2z3";
        standIn.config().rule(MEMBER, new ConfigStandIn.Rule(copy, "arn:aws:config:"
                + "us-east-1:" + MEMBER + ":config-rule/aws-service-rule/config-multiaccountsetup.amazonaws.com/"
                + "config-rule-x1y2z3", "CUSTOM_LAMBDA", RULE_FUNCTION_ARN));
        JsonObject forwarded = JsonParser.parseString(QueueMessages.event("create-access-key.json", Instant.now()))
                .getAsJsonObject();
        forwarded.addProperty("account", MEMBER);
        forwarded.getAsJsonObject("detail").addProperty("recipientAccountId", MEMBER);
        try (LambdaJavaRuntime lambda = LambdaJavaRuntime.start(deployed, ORGANIZATION_HANDLER, FUNCTION_ARN,
                organizationEnvironment())) {

            LambdaJavaRuntime.Invocation invocation = lambda.invoke(batch(forwarded.toString()));

            assertThat(invocation.succeeded()).as("%s%n%s", invocation.body(), lambda.output()).isTrue();
            assertThat(JsonParser.parseString(invocation.body()))
                    .isEqualTo(JsonParser.parseString("{\"batchItemFailures\":[]}"));
            assertThat(standIn.config().starts()).containsExactly(
                    new ConfigStandIn.Start(MEMBER, List.of(copy)));
            assertThat(standIn.calls().count("sts:AssumeRole")).isEqualTo(1);
        }
    }

    /** As for the rule jar: without Joda-Time the runtime cannot read an SQSEvent, and the trigger never runs. */
    @Test
    void withoutJodaTimeTheRuntimeFailsEveryInvocationBeforeTheHandler() {
        try (LambdaJavaRuntime lambda = running(withoutJoda)) {

            LambdaJavaRuntime.Invocation invocation = lambda.invoke(batch(QueueMessages.event("create-access-key.json",
                    Instant.now())));

            assertThat(invocation.succeeded()).isFalse();
            assertThat(invocation.body()).contains("java.lang.ClassNotFoundException: org.joda.time.DateTime");
            assertThat(standIn.config().evaluationStarts()).isEmpty();
        }
    }

    private LambdaJavaRuntime running(Path taskRoot) {
        return LambdaJavaRuntime.start(taskRoot, HANDLER,
                FUNCTION_ARN, Map.of("AWS_ENDPOINT_URL", standIn.endpoint().toString(),
                        "AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing",
                        TriggerSettings.CONFIG_RULE_NAME, RuleMetadata.RULE_NAME,
                        TriggerSettings.QUEUE_URL, queueUrl,
                        TriggerSettings.DEBOUNCE_TABLE, TABLE,
                        TriggerSettings.MINIMUM_INTERVAL_SECONDS, "900",
                        TriggerSettings.DAILY_CAP, "12",
                        // The fixtures' account: the one the deployment binds the trigger to.
                        TriggerSettings.ALLOWED_ACCOUNTS, "111122223333"));
    }

    /** What the central stack tells the organization's trigger, pointed at the stand-in. */
    private Map<String, String> organizationEnvironment() {
        Map<String, String> environment = new java.util.LinkedHashMap<>(Map.of(
                "AWS_ENDPOINT_URL", standIn.endpoint().toString(),
                "AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing",
                TriggerSettings.CONFIG_RULE_NAME, RuleMetadata.RULE_NAME,
                TriggerSettings.QUEUE_URL, queueUrl,
                TriggerSettings.DEBOUNCE_TABLE, ORGANIZATION_TABLE,
                TriggerSettings.MINIMUM_INTERVAL_SECONDS, "900",
                TriggerSettings.DAILY_CAP, "12"));
        environment.put(OrganizationTriggerSettings.EXCLUDED_ACCOUNTS, "");
        environment.put(OrganizationTriggerSettings.REEVALUATION_ROLE_NAME, "IamUserSetupKeysReEvaluation");
        environment.put(OrganizationTriggerSettings.RULE_FUNCTION_ARN, RULE_FUNCTION_ARN);
        environment.put(OrganizationTriggerSettings.RULE_COPIES_PATH,
                "aws-service-rule/config-multiaccountsetup.amazonaws.com/");
        return environment;
    }

    /** {@code body} sent to the buffer queue and received, as Lambda's event source mapping hands it over. */
    private String batch(String body) {
        sqs.sendMessage(request -> request.queueUrl(queueUrl).messageBody(body));
        Message message = sqs.receiveMessage(request -> request.queueUrl(queueUrl).waitTimeSeconds(5)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages().get(0);
        JsonObject record = new JsonObject();
        record.addProperty("messageId", message.messageId());
        record.addProperty("receiptHandle", message.receiptHandle());
        record.addProperty("body", message.body());
        JsonObject attributes = new JsonObject();
        message.attributesAsStrings().forEach(attributes::addProperty);
        record.add("attributes", attributes);
        record.add("messageAttributes", new JsonObject());
        record.addProperty("md5OfBody", message.md5OfBody());
        record.addProperty("eventSource", "aws:sqs");
        record.addProperty("eventSourceARN", "arn:aws:sqs:us-east-1:123456789012:buffer");
        record.addProperty("awsRegion", "us-east-1");
        JsonArray records = new JsonArray();
        records.add(record);
        JsonObject event = new JsonObject();
        event.add("Records", records);
        return event.toString();
    }
}
