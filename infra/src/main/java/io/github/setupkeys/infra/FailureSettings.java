package io.github.setupkeys.infra;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Where a deployment's failures are seen, read from the CDK context and validated like {@link DeploymentSettings}:
 * a bad value fails synthesis with a message that names the context key and the accepted form. Both deployments
 * read it.
 *
 * @param alarmTopicArn the SNS topic the failure alarms notify, if any (without one the alarms still change state
 *     in CloudWatch)
 * @param failureQueueReaders the IAM principals (role or user ARNs, {@code *} allowed in the name) that may read
 *     the failure queues, whose messages carry whole Config and CloudTrail events; empty: no one, until an
 *     administrator changes the queue's policy (which CloudTrail records)
 */
public record FailureSettings(Optional<String> alarmTopicArn, List<String> failureQueueReaders) {

    public static final String ALARM_TOPIC_ARN = "alarmTopicArn";
    public static final String FAILURE_QUEUE_READERS = "failureQueueReaders";

    /** A standard topic (CloudWatch alarms cannot notify a FIFO topic). */
    private static final Pattern TOPIC = Pattern.compile("arn:aws[a-z-]*:sns:[a-z]{2}(-[a-z]+)+-\\d:\\d{12}:[\\w-]{1,256}");
    /** A role or user of one account; {@code *} may stand for parts of a path or name (an SSO role's suffix). */
    private static final Pattern READER = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:(role|user)/[\\w+=,.@/*-]{1,512}");

    public FailureSettings {
        Objects.requireNonNull(alarmTopicArn, "alarmTopicArn");
        failureQueueReaders = List.copyOf(failureQueueReaders);
        alarmTopicArn.filter(arn -> !TOPIC.matcher(arn).matches()).ifPresent(arn -> {
            throw invalid(ALARM_TOPIC_ARN, arn, "the ARN of a standard SNS topic in the stack's region "
                    + "(arn:aws:sns:REGION:ACCOUNT:NAME)");
        });
        for (String reader : failureQueueReaders) {
            if (!READER.matcher(reader).matches()) {
                throw invalid(FAILURE_QUEUE_READERS, reader, "IAM role or user ARNs, comma-separated "
                        + "(arn:aws:iam::ACCOUNT:role/NAME; * may stand for part of a path or name)");
            }
        }
    }

    /** Reads the settings through {@code lookup}; absent keys: no topic, no reader. */
    public static FailureSettings fromContext(Function<String, Object> lookup) {
        Object topic = lookup.apply(ALARM_TOPIC_ARN);
        Object readers = lookup.apply(FAILURE_QUEUE_READERS);
        List<?> items = readers == null ? List.of()
                : readers instanceof List<?> list ? list : Arrays.asList(readers.toString().split(","));
        return new FailureSettings(
                Optional.ofNullable(topic).map(value -> value.toString().strip()).filter(value -> !value.isEmpty()),
                items.stream().map(item -> item.toString().strip()).filter(item -> !item.isEmpty()).toList());
    }

    private static IllegalArgumentException invalid(String key, String value, String form) {
        return new IllegalArgumentException("context " + key + "=" + value + " is invalid: expected " + form);
    }
}
