package io.github.setupkeys.infra;

import io.github.setupkeys.rule.domain.RecordingParameters;
import io.github.setupkeys.rule.domain.RuleMetadata;
import io.github.setupkeys.rule.domain.RuleParameters;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What a deployment may choose, read once from the CDK context ({@code -c name=value} or {@code cdk.json})
 * and validated here, at the edge: a bad value fails synthesis with a message that names the context key and
 * the accepted form.
 *
 * @param ruleName the AWS Config rule name
 * @param maximumExecutionFrequency how often Config runs the periodic evaluation
 * @param ruleParameters the rule's criteria, checked by the same code the function uses
 * @param recording how periodic runs record their verdicts: input parameters of the Config rule too
 * @param snapStart whether published versions use Lambda SnapStart
 * @param ruleJar the shaded rule jar deployed as the function's code
 * @param remediationDocument the SSM Automation document deployed as the rule's remediation
 * @param remediationAction what the remediation does to an offending key: {@code Deactivate} or {@code Delete}
 * @param automaticRemediation whether Config runs the remediation by itself on every finding
 * @param remediationGracePeriodSeconds with {@code Delete}, how long keys stay deactivated before they are deleted
 * @param ruleReservedConcurrency the rule function's reserved concurrency: at most this many run at once, so no
 *     caller can spend the account's Lambda concurrency through it, and these are always there for it
 */
public record DeploymentSettings(String ruleName, String maximumExecutionFrequency, RuleParameters ruleParameters,
        RecordingParameters recording, boolean snapStart, Path ruleJar, Path remediationDocument,
        String remediationAction, boolean automaticRemediation, long remediationGracePeriodSeconds,
        int ruleReservedConcurrency) {

    public static final String RULE_NAME = "ruleName";
    public static final String MAXIMUM_EXECUTION_FREQUENCY = "maximumExecutionFrequency";
    public static final String SNAP_START = "snapStart";
    public static final String RULE_JAR = "ruleJar";
    public static final String REMEDIATION_DOCUMENT = "remediationDocument";
    public static final String REMEDIATION_ACTION = "remediationAction";
    public static final String AUTOMATIC_REMEDIATION = "automaticRemediation";
    public static final String REMEDIATION_GRACE_PERIOD_SECONDS = "remediationGracePeriodSeconds";
    public static final String RULE_RESERVED_CONCURRENCY = "ruleReservedConcurrency";

    /** The document's default: an hour between deactivating a key and deleting it. */
    public static final long DEFAULT_GRACE_PERIOD_SECONDS = 3600;
    /**
     * The shortest grace period: IAM's last-use data is not immediate, and deleting cannot be undone. The longest:
     * what Automation's aws:sleep waits at most.
     */
    public static final long MIN_GRACE_PERIOD_SECONDS = 3600;
    public static final long MAX_GRACE_PERIOD_SECONDS = 604_799;
    /**
     * One account: one periodic run a day and one run per changed user; IAM's account-wide request quota, not
     * Lambda, bounds how fast those can go, so ten at once drain a burst of change notifications (an on-demand
     * evaluation delivers one per recorded user) while Lambda keeps the rest for up to six hours.
     */
    public static final int ACCOUNT_RESERVED_CONCURRENCY = 10;
    /**
     * An organization: one central function runs every account's periodic run, and those land together (Config
     * creates the rule's copies together). Lambda retries a throttled asynchronous invocation for up to six hours,
     * so 50 at once get through 50 × 21,600 s / 60 s = 18,000 one-minute account runs before one would expire into
     * the failure queue, while the other functions of the central account keep the rest of its concurrency.
     */
    public static final int ORGANIZATION_RESERVED_CONCURRENCY = 50;
    /**
     * Lambda keeps at least 100 of an account's concurrency unreserved, and an account starts with 1,000: more
     * than 900 can never be reserved there.
     */
    public static final int MAX_RESERVED_CONCURRENCY = 900;

    /** The actions the remediation document accepts. */
    public static final List<String> REMEDIATION_ACTIONS = List.of("Deactivate", "Delete");

    /** The frequencies Config accepts for a periodic trigger. */
    public static final List<String> FREQUENCIES =
            List.of("One_Hour", "Three_Hours", "Six_Hours", "Twelve_Hours", "TwentyFour_Hours");
    public static final String DEFAULT_FREQUENCY = "TwentyFour_Hours";
    /** Where {@code ./mvnw -pl rule package} puts the jar, relative to the repository root, where cdk runs. */
    public static final String DEFAULT_RULE_JAR = "rule/target/setupkeys-rule.jar";
    public static final String DEFAULT_REMEDIATION_DOCUMENT = "remediation-ssm/iam-user-setup-keys-remediation.yaml";

    /** Config's own limit: 1-128 characters, not only white space. */
    private static final Pattern RULE_NAME_FORM = Pattern.compile("(?s)(?=.*\\S).{1,128}");

    public DeploymentSettings {
        Objects.requireNonNull(ruleParameters, "ruleParameters");
        Objects.requireNonNull(recording, "recording");
        Objects.requireNonNull(ruleJar, "ruleJar");
        Objects.requireNonNull(remediationDocument, "remediationDocument");
        if (!REMEDIATION_ACTIONS.contains(remediationAction)) {
            throw invalid(REMEDIATION_ACTION, remediationAction, "one of " + String.join(", ", REMEDIATION_ACTIONS));
        }
        if (ruleName == null || !RULE_NAME_FORM.matcher(ruleName).matches()) {
            throw invalid(RULE_NAME, ruleName, "1 to 128 characters, not only white space");
        }
        if (!FREQUENCIES.contains(maximumExecutionFrequency)) {
            throw invalid(MAXIMUM_EXECUTION_FREQUENCY, maximumExecutionFrequency,
                    "one of " + String.join(", ", FREQUENCIES));
        }
        if (remediationGracePeriodSeconds < MIN_GRACE_PERIOD_SECONDS
                || remediationGracePeriodSeconds > MAX_GRACE_PERIOD_SECONDS) {
            throw invalid(REMEDIATION_GRACE_PERIOD_SECONDS, Long.toString(remediationGracePeriodSeconds), "a number of "
                    + "seconds from " + MIN_GRACE_PERIOD_SECONDS + " (IAM's last-use data lags, and a deletion is final) "
                    + "to " + MAX_GRACE_PERIOD_SECONDS + " (the longest Automation sleeps)");
        }
        if (ruleReservedConcurrency < 1 || ruleReservedConcurrency > MAX_RESERVED_CONCURRENCY) {
            throw invalid(RULE_RESERVED_CONCURRENCY, Integer.toString(ruleReservedConcurrency), "1 to "
                    + MAX_RESERVED_CONCURRENCY + " (Lambda keeps 100 of an account's concurrency, 1,000 by default, "
                    + "unreserved; 0 would stop the rule)");
        }
        refuseRemediationThatCannotWork(ruleParameters, remediationAction, automaticRemediation);
    }

    /**
     * Settings whose remediation can never clear a finding, or could delete a key in use without anyone choosing
     * to, are refused rather than deployed.
     */
    private static void refuseRemediationThatCannotWork(RuleParameters rule, String action, boolean automatic) {
        if (action.equals("Deactivate") && rule.includeInactiveKeys()) {
            throw new IllegalArgumentException("context " + REMEDIATION_ACTION + "=Deactivate cannot clear a finding "
                    + "with " + RuleParameters.INCLUDE_INACTIVE_KEYS + "=true: the rule keeps reporting the key it "
                    + "deactivated; choose " + REMEDIATION_ACTION + "=Delete or " + RuleParameters.INCLUDE_INACTIVE_KEYS
                    + "=false");
        }
        if (action.equals("Delete") && automatic && !rule.requireNeverUsed()) {
            throw new IllegalArgumentException("context " + AUTOMATIC_REMEDIATION + "=true with " + REMEDIATION_ACTION
                    + "=Delete needs " + RuleParameters.REQUIRE_NEVER_USED + "=true: with false, keys that were used "
                    + "are findings too, and deleting them without a person deciding could break whatever uses them");
        }
    }

    /**
     * Reads every setting through {@code lookup} (a construct node's {@code tryGetContext}); absent keys take
     * the defaults. Values may be strings ({@code -c key=value}) or JSON numbers and booleans ({@code cdk.json}).
     */
    public static DeploymentSettings fromContext(Function<String, Object> lookup) {
        return fromContext(lookup, ACCOUNT_RESERVED_CONCURRENCY);
    }

    /** As {@link #fromContext(Function)}, with the deployment's own default reserved concurrency. */
    public static DeploymentSettings fromContext(Function<String, Object> lookup, int defaultReservedConcurrency) {
        Function<String, String> context = key -> {
            Object value = lookup.apply(key);
            return value == null ? null : value.toString();
        };
        return new DeploymentSettings(
                orDefault(context.apply(RULE_NAME), RuleMetadata.RULE_NAME),
                orDefault(context.apply(MAXIMUM_EXECUTION_FREQUENCY), DEFAULT_FREQUENCY),
                RuleParameters.fromMap(given(context, RuleParameters.NAMES)),
                RecordingParameters.fromMap(given(context, RecordingParameters.NAMES)),
                parseBoolean(SNAP_START, orDefault(context.apply(SNAP_START), "true")),
                Path.of(orDefault(context.apply(RULE_JAR), DEFAULT_RULE_JAR)),
                Path.of(orDefault(context.apply(REMEDIATION_DOCUMENT), DEFAULT_REMEDIATION_DOCUMENT)),
                orDefault(context.apply(REMEDIATION_ACTION), "Deactivate"),
                parseBoolean(AUTOMATIC_REMEDIATION, orDefault(context.apply(AUTOMATIC_REMEDIATION), "false")),
                whole(REMEDIATION_GRACE_PERIOD_SECONDS, context.apply(REMEDIATION_GRACE_PERIOD_SECONDS),
                        DEFAULT_GRACE_PERIOD_SECONDS),
                (int) whole(RULE_RESERVED_CONCURRENCY, context.apply(RULE_RESERVED_CONCURRENCY),
                        defaultReservedConcurrency));
    }

    /** ASCII digits only, as the rule reads its window: no sign, no other script's digits. */
    private static long whole(String key, String text, long fallback) {
        if (text == null) {
            return fallback;
        }
        if (!text.strip().matches("[0-9]{1,9}")) {
            throw invalid(key, text, "a whole number");
        }
        return Long.parseLong(text.strip());
    }

    /**
     * The Config rule's input parameters: every criterion and both recording parameters, defaults spelled out (the
     * execution role of an organization deployment is added by its stack).
     */
    public Map<String, String> configRuleParameters() {
        Map<String, String> parameters = new LinkedHashMap<>(ruleParameters.toMap());
        parameters.putAll(recording.toMap());
        return parameters;
    }

    /** The context values of the keys {@code names} that are set. */
    private static Map<String, String> given(Function<String, String> context, List<String> names) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String key : names) {
            String value = context.apply(key);
            if (value != null) {
                parameters.put(key, value);
            }
        }
        return parameters;
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }

    static boolean parseBoolean(String key, String text) {
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(key, text, "true or false");
        };
    }

    private static IllegalArgumentException invalid(String key, String value, String form) {
        return new IllegalArgumentException("context " + key + "=" + value + " is invalid: expected " + form);
    }
}
