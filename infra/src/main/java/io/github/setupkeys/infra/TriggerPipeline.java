package io.github.setupkeys.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
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
 * What every near-real-time trigger is made of, one account's ({@link NearRealTimeTrigger}) and an organization's
 * ({@link OrganizationNearRealTime}): an EventBridge rule into an encrypted buffer queue that only that rule may
 * send to and only the trigger's role may read, a dead-letter queue, a DynamoDB table for the debounce state, the
 * trigger function from its own jar (one at a time), the event source mapping between them, and the alarms. Each
 * part is created in the scope given, under the same id in both, so that a trigger's template reads the same.
 */
final class TriggerPipeline {

    static final int MEMORY_MB = 512;
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
    /** Lambda's advice for SQS event sources: a visibility timeout of six times the function's timeout. */
    static final int VISIBILITY_TIMEOUTS_PER_FUNCTION_TIMEOUT = 6;

    /** What differs between the two triggers' functions. */
    record FunctionSpec(String description, String handler, Duration timeout, Role role, LogGroup logs,
            Map<String, String> environment) {
    }

    private TriggerPipeline() {
    }

    static Queue deadLetters(Construct scope) {
        return Queue.Builder.create(scope, "BufferDeadLetters")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(RETENTION)
                .build();
    }

    static Queue buffer(Construct scope, Queue deadLetters, Duration functionTimeout) {
        return Queue.Builder.create(scope, "Buffer")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(RETENTION)
                .visibilityTimeout(Duration.seconds(functionTimeout.toSeconds().longValue() * VISIBILITY_TIMEOUTS_PER_FUNCTION_TIMEOUT))
                .deadLetterQueue(DeadLetterQueue.builder().queue(deadLetters).maxReceiveCount(MAX_RECEIVES).build())
                .build();
    }

    /**
     * {@code rule}'s events into {@code queue}. The queue lets EventBridge send for this rule, and denies sending to
     * every other principal, so no one (not even a role of this account with {@code sqs:SendMessage} in its own
     * policy) can fill it with events that spend a daily cap.
     */
    static void onlyTheRuleSends(Queue queue, Rule rule) {
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
    static void onlyTheTriggerReads(Queue queue, Role trigger) {
        queue.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("OnlyTheTriggerReads")
                .effect(Effect.DENY)
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("sqs:ReceiveMessage"))
                .resources(List.of(queue.getQueueArn()))
                .conditions(Map.of("ArnNotEquals", Map.of("aws:PrincipalArn", trigger.getRoleArn())))
                .build());
    }

    /** One item per key; losing it costs at most one extra re-evaluation per key, so it is not kept on deletion. */
    static Table debounceState(Construct scope, String partitionKey) {
        return Table.Builder.create(scope, "DebounceState")
                .partitionKey(Attribute.builder().name(partitionKey).type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
    }

    static LogGroup logGroup(Construct scope) {
        return LogGroup.Builder.create(scope, "TriggerFunctionLogs")
                .retention(RetentionDays.ONE_YEAR)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    static Alias function(Construct scope, FunctionSpec spec, DeploymentSettings deployment,
            NearRealTimeSettings settings) {
        Function trigger = Function.Builder.create(scope, "TriggerFunction")
                .description(spec.description())
                .runtime(Runtime.JAVA_25)
                .architecture(Architecture.ARM_64)
                .code(Code.fromAsset(triggerJar(settings).toString()))
                .handler(spec.handler())
                .memorySize(MEMORY_MB)
                .timeout(spec.timeout())
                .role(spec.role())
                .logGroup(spec.logs())
                .loggingFormat(LoggingFormat.JSON)
                .snapStart(deployment.snapStart() ? SnapStartConf.ON_PUBLISHED_VERSIONS : null)
                // One trigger at a time: two could not start two evaluations anyway, and the state has one writer.
                .reservedConcurrentExecutions(1)
                .environment(spec.environment())
                .build();
        Annotations.of(trigger).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "Published: the alias below points at the function's current version.");
        return Alias.Builder.create(scope, "TriggerFunctionAlias")
                .aliasName(SetupKeysStack.ALIAS_NAME)
                .version(trigger.getCurrentVersion())
                .build();
    }

    static void bufferToFunction(Construct scope, Queue queue, Alias target, NearRealTimeSettings settings) {
        boolean batching = settings.batchingWindow().toSeconds() > 0;
        EventSourceMapping.Builder.create(scope, "BufferToTrigger")
                .target(target)
                .eventSourceArn(queue.getQueueArn())
                // Without a batching window Lambda takes at most 10 messages a batch.
                .batchSize(batching ? BATCH_SIZE : 10)
                .maxBatchingWindow(batching ? Duration.seconds(settings.batchingWindow().toSeconds()) : null)
                .reportBatchItemFailures(true)
                .maxConcurrency(MAX_CONCURRENCY)
                .build();
    }

    /** An alarm on the trigger's first error and on the first message in its dead-letter queue. */
    static void alarms(Construct scope, FailureWatch failures, Alias function, Queue deadLetters, String errorsMeaning) {
        failures.functionErrors(scope, "TriggerErrors", function.getVersion().getLambda(), "The near-real-time trigger "
                + "of the setup-keys rule failed: " + errorsMeaning + " Its log group says why.");
        failures.failureQueue(scope, "DeadLettersWaiting", deadLetters, "An IAM event failed the near-real-time trigger "
                + "100 times and waits in its dead-letter queue: the periodic run will still find the change.");
    }

    private static Path triggerJar(NearRealTimeSettings settings) {
        if (!Files.isRegularFile(settings.triggerJar())) {
            throw new IllegalStateException("no trigger jar at " + settings.triggerJar().toAbsolutePath()
                    + ": build it with ./mvnw -pl trigger -am package (cdk synth from the repository root does)");
        }
        return settings.triggerJar();
    }
}
