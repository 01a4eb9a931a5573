package io.github.setupkeys.infra;

import io.github.setupkeys.rule.domain.IamNames;
import io.github.setupkeys.trigger.CredentialEvents;
import io.github.setupkeys.trigger.DebounceLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * The near-real-time detection's part of the CDK context, read and validated at the edge like
 * {@link DeploymentSettings}: a bad value fails synthesis naming the context key and the accepted form.
 *
 * @param enabled whether the app deploys the EventBridge rule, the buffer queue and the trigger function
 * @param ruleRegion the region the rule stack is deployed to; IAM events reach EventBridge only in us-east-1,
 *     so any other region gets a forwarding stack in us-east-1
 * @param batchingWindow how long the queue's event source mapping gathers events before invoking the trigger
 * @param limits how often the trigger may start a re-evaluation
 * @param triggerJar the shaded trigger jar deployed as the trigger function's code
 */
public record NearRealTimeSettings(boolean enabled, String ruleRegion, Duration batchingWindow,
        DebounceLimits limits, Path triggerJar) {

    public static final String NEAR_REAL_TIME = "nearRealTime";
    public static final String RULE_REGION = "ruleRegion";
    public static final String BATCHING_WINDOW_SECONDS = "nearRealTimeBatchingWindowSeconds";
    public static final String MINIMUM_INTERVAL_SECONDS = "nearRealTimeMinimumIntervalSeconds";
    public static final String DAILY_CAP = "nearRealTimeDailyCap";
    public static final String TRIGGER_JAR = "triggerJar";
    /** Where {@code ./mvnw -pl trigger -am package} puts the jar, relative to the repository root, where cdk runs. */
    public static final String DEFAULT_TRIGGER_JAR = "trigger/target/setupkeys-trigger.jar";

    /** Gathers the calls of one console session (user, password, key) into one batch. */
    public static final Duration DEFAULT_BATCHING_WINDOW = Duration.ofSeconds(60);
    /** Lambda's largest batching window for SQS. */
    public static final long LONGEST_BATCHING_WINDOW_SECONDS = 300;


    public NearRealTimeSettings {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(triggerJar, "triggerJar");
        if (ruleRegion == null || !IamNames.REGION.matcher(ruleRegion).matches()) {
            throw invalid(RULE_REGION, ruleRegion, "a region name such as eu-west-1");
        }
        if (batchingWindow == null || batchingWindow.isNegative()
                || batchingWindow.toSeconds() > LONGEST_BATCHING_WINDOW_SECONDS) {
            throw invalid(BATCHING_WINDOW_SECONDS, batchingWindow == null ? null : batchingWindow.toSeconds(),
                    "0 to " + LONGEST_BATCHING_WINDOW_SECONDS);
        }
    }

    /** Whether IAM events must be forwarded from us-east-1 to the rule's region. */
    public boolean forwardsFromUsEast1() {
        return enabled && !ruleRegion.equals(CredentialEvents.IAM_EVENT_REGION);
    }

    /**
     * Reads the settings through {@code lookup} (a construct node's {@code tryGetContext}); absent keys take the
     * defaults. The rule's region defaults to {@code defaultRegion} (the {@code CDK_DEFAULT_REGION} that the CDK
     * CLI sets from the deploying credentials), else us-east-1; the rule stack refuses to deploy anywhere else
     * (see {@link NearRealTimeTrigger}).
     */
    public static NearRealTimeSettings fromContext(Function<String, Object> lookup, String defaultRegion) {
        Function<String, String> context = key -> {
            Object value = lookup.apply(key);
            return value == null ? null : value.toString();
        };
        long interval = number(MINIMUM_INTERVAL_SECONDS, context.apply(MINIMUM_INTERVAL_SECONDS),
                DebounceLimits.DEFAULTS.minimumInterval().toSeconds());
        long cap = number(DAILY_CAP, context.apply(DAILY_CAP), DebounceLimits.DEFAULTS.dailyCap());
        DebounceLimits limits;
        try {
            limits = new DebounceLimits(Duration.ofSeconds(interval), Math.toIntExact(cap));
        } catch (IllegalArgumentException | ArithmeticException bad) {
            throw new IllegalArgumentException("context " + MINIMUM_INTERVAL_SECONDS + "=" + interval + ", " + DAILY_CAP
                    + "=" + cap + " are invalid: " + bad.getMessage());
        }
        String region = context.apply(RULE_REGION);
        if (region == null) {
            region = defaultRegion == null || defaultRegion.isBlank()
                    ? CredentialEvents.IAM_EVENT_REGION
                    : defaultRegion;
        }
        return new NearRealTimeSettings(
                DeploymentSettings.parseBoolean(NEAR_REAL_TIME, context.apply(NEAR_REAL_TIME) == null ? "true"
                        : context.apply(NEAR_REAL_TIME)),
                region,
                Duration.ofSeconds(number(BATCHING_WINDOW_SECONDS, context.apply(BATCHING_WINDOW_SECONDS),
                        DEFAULT_BATCHING_WINDOW.toSeconds())),
                limits,
                Path.of(context.apply(TRIGGER_JAR) == null ? DEFAULT_TRIGGER_JAR : context.apply(TRIGGER_JAR)));
    }

    private static long number(String key, String text, long fallback) {
        if (text == null) {
            return fallback;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw invalid(key, text, "a whole number");
        }
    }

    private static IllegalArgumentException invalid(String key, Object value, String form) {
        return new IllegalArgumentException("context " + key + "=" + value + " is invalid: expected " + form);
    }
}
