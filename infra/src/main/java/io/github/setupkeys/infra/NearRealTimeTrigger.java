package io.github.setupkeys.infra;

import static io.github.setupkeys.infra.Policies.allow;

import io.github.setupkeys.trigger.DebounceStore;
import io.github.setupkeys.trigger.TriggerSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnRule;
import software.amazon.awscdk.CfnRuleAssertion;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.services.config.CfnConfigRule;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * Near-real-time detection in the rule's stack: an EventBridge rule on the default bus takes the IAM calls
 * that can change a verdict into a buffer queue; a small function of its own (the trigger jar's
 * {@code io.github.setupkeys.trigger.TriggerHandler}) reads the queue in batches and asks Config to
 * re-evaluate the rule, debounced. The parts it shares with an organization's trigger are {@link TriggerPipeline}'s.
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
    /** A few DynamoDB, Config and SQS calls, with the SDK's retries. */
    static final Duration TIMEOUT = Duration.seconds(60);
    /**
     * Whose IAM events count: this account's. The event rules and the trigger ({@code ALLOWED_ACCOUNTS}) are
     * told the same list, so both lines agree.
     */
    static final List<String> EVENT_ACCOUNTS = List.of(Aws.ACCOUNT_ID);

    NearRealTimeTrigger(Construct scope, String id, CfnConfigRule rule, DeploymentSettings deployment,
            NearRealTimeSettings settings, FailureWatch failures) {
        super(scope, id);
        deployedInTheRuleRegion(settings);
        Queue deadLetters = TriggerPipeline.deadLetters(this);
        Queue buffer = TriggerPipeline.buffer(this, deadLetters, TIMEOUT);
        credentialEvents(buffer);
        Table state = TriggerPipeline.debounceState(this, DebounceStore.PARTITION_KEY);
        LogGroup logs = TriggerPipeline.logGroup(this);
        Role role = functionRole(rule, state, buffer, logs);
        TriggerPipeline.onlyTheTriggerReads(buffer, role);
        Alias function = TriggerPipeline.function(this, new TriggerPipeline.FunctionSpec(
                "Asks AWS Config to re-evaluate " + deployment.ruleName() + " after IAM credential events", HANDLER,
                TIMEOUT, role, logs, environment(rule, state, buffer, settings)), deployment, settings);
        TriggerPipeline.bufferToFunction(this, buffer, function, settings);
        TriggerPipeline.alarms(this, failures, function, deadLetters,
                "its batch comes back after the visibility timeout.");
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

    /**
     * IAM's calls of the accounts the trigger serves, on this region's default bus (IAM's own in us-east-1,
     * forwarded ones elsewhere), into the buffer.
     */
    private void credentialEvents(Queue queue) {
        Rule rule = Rule.Builder.create(this, "CredentialEvents")
                .description("IAM calls that can change a verdict of the setup-keys Config rule, to its trigger")
                .eventPattern(CredentialEventPattern.create(EVENT_ACCOUNTS))
                .build();
        TriggerPipeline.onlyTheRuleSends(queue, rule);
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

    private static Map<String, String> environment(CfnConfigRule rule, Table state, Queue queue,
            NearRealTimeSettings settings) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put(TriggerSettings.CONFIG_RULE_NAME, rule.getRef());
        environment.put(TriggerSettings.QUEUE_URL, queue.getQueueUrl());
        environment.put(TriggerSettings.DEBOUNCE_TABLE, state.getTableName());
        environment.put(TriggerSettings.MINIMUM_INTERVAL_SECONDS,
                Long.toString(settings.limits().minimumInterval().toSeconds()));
        environment.put(TriggerSettings.DAILY_CAP, Integer.toString(settings.limits().dailyCap()));
        environment.put(TriggerSettings.ALLOWED_ACCOUNTS, Fn.join(",", EVENT_ACCOUNTS));
        return environment;
    }
}
