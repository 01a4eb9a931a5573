package io.github.setupkeys.infra;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * Failures are seen: a CloudWatch alarm on each function's errors and on each failure queue holding a message,
 * notifying the deployment's topic if it has one; and the failure queues, whose messages carry whole Config or
 * CloudTrail events (a result token, a configuration item, user names), readable only by the principals the
 * deployment names. One per stack.
 */
final class FailureWatch {

    /** Errors and waiting messages are counted over five minutes; one is enough to alarm. */
    static final Duration PERIOD = Duration.minutes(5);

    private final FailureSettings settings;
    private final Optional<ITopic> topic;

    FailureWatch(Stack stack, FailureSettings settings) {
        this.settings = settings;
        this.topic = settings.alarmTopicArn().map(arn -> Topic.fromTopicArn(stack, "AlarmTopic", arn));
    }

    /** The rule function's errors and its failure queue, in either deployment. */
    void ruleFunction(Construct scope, RuleFunction function) {
        functionErrors(scope, "RuleFunctionErrors", function.function(), "The setup-keys rule function failed: "
                + "Config shows no new evaluation for that run. Its log group says why (one JSON line per run).");
        failureQueue(scope, "FailedInvocationsWaiting", function.failedInvocations(), "A Config invocation of the "
                + "setup-keys rule failed after Lambda's retries and waits in the failure queue (kept 14 days).");
    }

    /** An alarm as soon as {@code function} fails once in a period. */
    Alarm functionErrors(Construct scope, String id, IFunction function, String description) {
        return alarm(scope, id, function.metricErrors(MetricOptions.builder().period(PERIOD).statistic("Sum").build()),
                description);
    }

    /**
     * An alarm as soon as {@code queue} holds a message, and a Deny on reading it for every principal but the
     * deployment's readers (every principal, when it names none).
     */
    Alarm failureQueue(Construct scope, String id, Queue queue, String description) {
        PolicyStatement.Builder onlyReaders = PolicyStatement.Builder.create()
                .sid("OnlyTheNamedReadersRead")
                .effect(Effect.DENY)
                .principals(List.of(new AnyPrincipal()))
                // Receiving is reading; a message move task receives too.
                .actions(List.of("sqs:ReceiveMessage"))
                .resources(List.of(queue.getQueueArn()));
        if (!settings.failureQueueReaders().isEmpty()) {
            onlyReaders.conditions(Map.of("ArnNotLike", Map.of("aws:PrincipalArn", settings.failureQueueReaders())));
        }
        queue.addToResourcePolicy(onlyReaders.build());
        return alarm(scope, id, queue.metricApproximateNumberOfMessagesVisible(MetricOptions.builder().period(PERIOD)
                .statistic("Maximum").build()), description);
    }

    private Alarm alarm(Construct scope, String id, IMetric metric, String description) {
        Alarm alarm = Alarm.Builder.create(scope, id)
                .alarmDescription(description)
                .metric(metric)
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                // No invocations, no messages: nothing failed.
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        topic.ifPresent(notify -> {
            alarm.addAlarmAction(new SnsAction(notify));
            alarm.addOkAction(new SnsAction(notify));
        });
        return alarm;
    }
}
