package io.github.setupkeys.infra;

import static io.github.setupkeys.infra.Policies.allow;

import io.github.setupkeys.trigger.DebounceStore;
import io.github.setupkeys.trigger.TriggerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnRule;
import software.amazon.awscdk.CfnRuleAssertion;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.config.CfnConfigRule;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.EventSourceMapping;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * Near-real-time detection in the rule's stack: an EventBridge rule on the default bus takes the IAM calls
 * that can change a verdict into a buffer queue; a small function of its own (the trigger jar's
 * {@code io.github.setupkeys.trigger.TriggerHandler}) reads the queue in batches and asks Config to
 * re-evaluate the rule, debounced.
 *
 * <p>Where the debounce state lives, and why: the last start and the day's count are one item in a DynamoDB
 * table. Config's own {@code DescribeConfigRuleEvaluationStatus} cannot serve: its last invocation times move
 * with every single-user change evaluation too, so they cannot tell that a whole-account evaluation started
 * after an event. "At most one in flight" needs no state: Config refuses a second
 * {@code StartConfigRulesEvaluation} while one runs ({@code LimitExceededException}), the function's reserved
 * concurrency of 1 keeps two triggers from racing (and makes the item single-writer), and a waiting event
 * stays in the queue, hidden until it can be acted on.
 */
public final class NearRealTimeTrigger extends Construct {

    public static final String HANDLER = "io.github.setupkeys.trigger.TriggerHandler::handleRequest";
    static final int MEMORY_MB = 512;
    /** A few DynamoDB, Config and SQS calls, with the SDK's retries. */
    static final Duration TIMEOUT = Duration.seconds(60);
    /** Lambda's advice for SQS event sources: six times the function's timeout. */
    static final Duration VISIBILITY_TIMEOUT = Duration.minutes(6);
    /**
     * A message is received again once per wait (the interval: once; the daily cap: up to three times; Config
     * busy: every 2 minutes while it evaluates) and when a throttled or failed batch comes back; only a message
     * that keeps failing reaches 100 and the dead-letter queue.
     */
    static final int MAX_RECEIVES = 100;
    /** Messages may wait for the next UTC day (daily cap); SQS keeps them at most 14 days. */
    static final Duration RETENTION = Duration.days(14);
    static final int BATCH_SIZE = 100;
    /** Lambda's smallest maximum concurrency for SQS; with reserved concurrency 1 one poller may be throttled. */
    static final int MAX_CONCURRENCY = 2;
    /**
     * Whose IAM events count: this account's. The event rules and the trigger ({@code ALLOWED_ACCOUNTS}) are
     * told the same list, so both lines agree.
     */
    static final List<String> EVENT_ACCOUNTS = List.of(Aws.ACCOUNT_ID);

    NearRealTimeTrigger(Construct scope, String id, CfnConfigRule rule, DeploymentSettings deployment,
            NearRealTimeSettings settings, FailureWatch failures) {
        super(scope, id);
        deployedInTheRuleRegion(settings);
        Queue deadLetters = deadLetters();
        Queue buffer = buffer(deadLetters);
        credentialEvents(buffer);
        Table state = debounceState();
        LogGroup logs = logGroup();
        Role role = functionRole(rule, state, buffer, logs);
        onlyTheTriggerReads(buffer, role);
        Alias function = triggerFunction(role, logs, rule, state, buffer, deployment, settings);
        bufferToFunction(buffer, function, settings);
        failures.functionErrors(this, "TriggerErrors", function.getVersion().getLambda(), "The near-real-time trigger of the setup-keys rule "
                + "failed: its batch comes back after the visibility timeout. Its log group says why.");
        failures.failureQueue(this, "DeadLettersWaiting", deadLetters, "An IAM event failed the near-real-time trigger "
                + "100 times and waits in its dead-letter queue: the periodic run will still find the change.");
    }

    /**
     * The stack can only work in the region it was synthesized for (the forwarding stack targets that region's
     * bus): CloudFormation refuses it anywhere else before creating anything.
     */
    private void deployedInTheRuleRegion(NearRealTimeSettings settings) {
        CfnRule.Builder.create(this, "DeployedInTheRuleRegion")
                .assertions(List.of(CfnRuleAssertion.builder()
                        .assertValue(Fn.conditionEquals(Aws.REGION, settings.ruleRegion()))
                        .assertDescription("This template was synthesized for " + settings.ruleRegion() + ": synthesize"
                                + " with -c " + NearRealTimeSettings.RULE_REGION + "=<this region> (or -c "
                                + NearRealTimeSettings.NEAR_REAL_TIME + "=false) and deploy again.")
                        .build()))
                .build();
    }

    private Queue deadLetters() {
        return Queue.Builder.create(this, "BufferDeadLetters")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(RETENTION)
                .build();
    }

    private Queue buffer(Queue deadLetters) {
        return Queue.Builder.create(this, "Buffer")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(RETENTION)
                .visibilityTimeout(VISIBILITY_TIMEOUT)
                .deadLetterQueue(DeadLetterQueue.builder().queue(deadLetters).maxReceiveCount(MAX_RECEIVES).build())
                .build();
    }

    /**
     * IAM's calls of the accounts the trigger serves, on this region's default bus (IAM's own in us-east-1,
     * forwarded ones elsewhere), into the buffer. The queue lets EventBridge send for this rule, and denies
     * sending to every other principal, so no one (not even a role of this account with {@code sqs:SendMessage}
     * in its own policy) can fill it with events that spend the daily cap.
     */
    private void credentialEvents(Queue queue) {
        Rule rule = Rule.Builder.create(this, "CredentialEvents")
                .description("IAM calls that can change a verdict of the setup-keys Config rule, to its trigger")
                .eventPattern(CredentialEventPattern.create(EVENT_ACCOUNTS))
                .build();
        queue.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CredentialEventsFromEventBridge")
                .principals(List.of(new ServicePrincipal("events.amazonaws.com")))
                .actions(List.of("sqs:SendMessage"))
                .resources(List.of(queue.getQueueArn()))
                .conditions(Map.of("ArnEquals", Map.of("aws:SourceArn", rule.getRuleArn())))
                .build());
        // A caller without aws:SourceArn (any IAM principal) makes ArnNotEquals true: denied.
        queue.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("OnlyTheCredentialEventsRuleSends")
                .effect(Effect.DENY)
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("sqs:SendMessage"))
                .resources(List.of(queue.getQueueArn()))
                .conditions(Map.of("ArnNotEquals", Map.of("aws:SourceArn", rule.getRuleArn())))
                .build());
        rule.addTarget(new ArnRuleTarget(queue.getQueueArn()));
    }

    /**
     * The buffer's messages are CloudTrail events (user names, source addresses): only the trigger's role, which
     * Lambda's event source mapping polls with, receives them.
     */
    private static void onlyTheTriggerReads(Queue queue, Role trigger) {
        queue.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("OnlyTheTriggerReads")
                .effect(Effect.DENY)
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("sqs:ReceiveMessage"))
                .resources(List.of(queue.getQueueArn()))
                .conditions(Map.of("ArnNotEquals", Map.of("aws:PrincipalArn", trigger.getRoleArn())))
                .build());
    }

    /** One item per rule; losing it costs at most one extra re-evaluation, so it is not kept on deletion. */
    private Table debounceState() {
        return Table.Builder.create(this, "DebounceState")
                .partitionKey(Attribute.builder().name(DebounceStore.PARTITION_KEY).type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
    }

    private LogGroup logGroup() {
        return LogGroup.Builder.create(this, "TriggerFunctionLogs")
                .retention(RetentionDays.ONE_YEAR)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    /** Exactly the calls the trigger and its event source mapping make, each on its one resource. */
    private Role functionRole(CfnConfigRule rule, Table state, Queue queue, LogGroup logs) {
        return Role.Builder.create(this, "TriggerFunctionRole")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Starts re-evaluations of the " + rule.getConfigRuleName()
                        + " AWS Config rule on IAM events")
                .inlinePolicies(Map.of("trigger-re-evaluation", PolicyDocument.Builder.create().statements(List.of(
                        allow("StartReEvaluation", rule.getAttrArn(), "config:StartConfigRulesEvaluation"),
                        allow("ReadAndWriteDebounceState", state.getTableArn(), "dynamodb:GetItem", "dynamodb:PutItem"),
                        // The event source mapping receives and deletes; the function hides waiting messages longer.
                        allow("ConsumeBuffer", queue.getQueueArn(), "sqs:ChangeMessageVisibility", "sqs:DeleteMessage",
                                "sqs:GetQueueAttributes", "sqs:ReceiveMessage"),
                        allow("WriteOwnLogs", logs.getLogGroupArn(), "logs:CreateLogStream", "logs:PutLogEvents")))
                        .build()))
                .build();
    }

    private Alias triggerFunction(Role functionRole, LogGroup logs, CfnConfigRule rule, Table state, Queue queue,
            DeploymentSettings deployment, NearRealTimeSettings settings) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put(TriggerSettings.CONFIG_RULE_NAME, rule.getRef());
        environment.put(TriggerSettings.QUEUE_URL, queue.getQueueUrl());
        environment.put(TriggerSettings.DEBOUNCE_TABLE, state.getTableName());
        environment.put(TriggerSettings.MINIMUM_INTERVAL_SECONDS,
                Long.toString(settings.limits().minimumInterval().toSeconds()));
        environment.put(TriggerSettings.DAILY_CAP, Integer.toString(settings.limits().dailyCap()));
        environment.put(TriggerSettings.ALLOWED_ACCOUNTS, Fn.join(",", EVENT_ACCOUNTS));
        Function trigger = Function.Builder.create(this, "TriggerFunction")
                .description("Asks AWS Config to re-evaluate " + deployment.ruleName() + " after IAM credential events")
                .runtime(Runtime.JAVA_25)
                .architecture(Architecture.ARM_64)
                .code(Code.fromAsset(triggerJar(settings).toString()))
                .handler(HANDLER)
                .memorySize(MEMORY_MB)
                .timeout(TIMEOUT)
                .role(functionRole)
                .logGroup(logs)
                .loggingFormat(LoggingFormat.JSON)
                .snapStart(deployment.snapStart() ? SnapStartConf.ON_PUBLISHED_VERSIONS : null)
                // One trigger at a time: two could not start two evaluations anyway, and the state has one writer.
                .reservedConcurrentExecutions(1)
                .environment(environment)
                .build();
        Annotations.of(trigger).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "Published: the alias below points at the function's current version.");
        return Alias.Builder.create(this, "TriggerFunctionAlias")
                .aliasName(SetupKeysStack.ALIAS_NAME)
                .version(trigger.getCurrentVersion())
                .build();
    }

    private void bufferToFunction(Queue queue, Alias target, NearRealTimeSettings settings) {
        boolean batching = settings.batchingWindow().toSeconds() > 0;
        EventSourceMapping.Builder.create(this, "BufferToTrigger")
                .target(target)
                .eventSourceArn(queue.getQueueArn())
                // Without a batching window Lambda takes at most 10 messages a batch.
                .batchSize(batching ? BATCH_SIZE : 10)
                .maxBatchingWindow(batching ? Duration.seconds(settings.batchingWindow().toSeconds()) : null)
                .reportBatchItemFailures(true)
                .maxConcurrency(MAX_CONCURRENCY)
                .build();
    }


    private static Path triggerJar(NearRealTimeSettings settings) {
        if (!Files.isRegularFile(settings.triggerJar())) {
            throw new IllegalStateException("no trigger jar at " + settings.triggerJar().toAbsolutePath()
                    + ": build it with ./mvnw -pl trigger -am package (cdk synth from the repository root does)");
        }
        return settings.triggerJar();
    }
}
