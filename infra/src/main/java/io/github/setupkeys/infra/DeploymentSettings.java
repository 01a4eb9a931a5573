package io.github.setupkeys.infra;

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
 * @param ruleParameters the rule's input parameters, checked by the same code the function uses
 * @param snapStart whether published versions use Lambda SnapStart
 * @param ruleJar the shaded rule jar deployed as the function's code
 * @param remediationDocument the SSM Automation document deployed as the rule's remediation
 * @param remediationAction what the remediation does to an offending key: {@code Deactivate} or {@code Delete}
 * @param automaticRemediation whether Config runs the remediation by itself on every finding
 */
public record DeploymentSettings(String ruleName, String maximumExecutionFrequency, RuleParameters ruleParameters,
        boolean snapStart, Path ruleJar, Path remediationDocument, String remediationAction,
        boolean automaticRemediation) {

    public static final String RULE_NAME = "ruleName";
    public static final String MAXIMUM_EXECUTION_FREQUENCY = "maximumExecutionFrequency";
    public static final String SNAP_START = "snapStart";
    public static final String RULE_JAR = "ruleJar";
    public static final String REMEDIATION_DOCUMENT = "remediationDocument";
    public static final String REMEDIATION_ACTION = "remediationAction";
    public static final String AUTOMATIC_REMEDIATION = "automaticRemediation";

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
    }

    /**
     * Reads every setting through {@code lookup} (a construct node's {@code tryGetContext}); absent keys take
     * the defaults. Values may be strings ({@code -c key=value}) or JSON numbers and booleans ({@code cdk.json}).
     */
    public static DeploymentSettings fromContext(Function<String, Object> lookup) {
        Function<String, String> context = key -> {
            Object value = lookup.apply(key);
            return value == null ? null : value.toString();
        };
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String key : RuleParameters.NAMES) {
            String value = context.apply(key);
            if (value != null) {
                parameters.put(key, value);
            }
        }
        return new DeploymentSettings(
                orDefault(context.apply(RULE_NAME), RuleMetadata.RULE_NAME),
                orDefault(context.apply(MAXIMUM_EXECUTION_FREQUENCY), DEFAULT_FREQUENCY),
                RuleParameters.fromMap(parameters),
                parseBoolean(SNAP_START, orDefault(context.apply(SNAP_START), "true")),
                Path.of(orDefault(context.apply(RULE_JAR), DEFAULT_RULE_JAR)),
                Path.of(orDefault(context.apply(REMEDIATION_DOCUMENT), DEFAULT_REMEDIATION_DOCUMENT)),
                orDefault(context.apply(REMEDIATION_ACTION), "Deactivate"),
                parseBoolean(AUTOMATIC_REMEDIATION, orDefault(context.apply(AUTOMATIC_REMEDIATION), "false")));
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
