package io.github.setupkeys.trigger;

import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What the organization's trigger function is configured with, read once from its environment (the CDK app sets
 * it) and validated there, like {@link TriggerSettings}: a missing or bad variable fails the function's start with
 * a message naming it.
 *
 * @param configRuleName the organization rule (or conformance pack rule) the trigger re-evaluates, as named in the
 *     central account: for the log line; each account's copy has a name of Config's choosing
 * @param queueUrl the central buffer queue
 * @param debounceTable the DynamoDB table holding each account's debounce state
 * @param limits how often a re-evaluation may start, per account
 * @param accounts the accounts left out; events of every other account the central bus admits count
 * @param reEvaluationRoleName the role the trigger assumes in each member account
 * @param ruleFunctionArn the rule function (alias) the copies invoke: how a copy is told apart from other rules
 * @param copiesPath where under {@code config-rule/} Config creates the copies
 *     ({@code aws-service-rule/config-multiaccountsetup.amazonaws.com/}, or {@code …/config-conforms.amazonaws.com/}
 *     for an organization conformance pack)
 */
public record OrganizationTriggerSettings(String configRuleName, String queueUrl, String debounceTable,
        DebounceLimits limits, OrganizationAccounts accounts, String reEvaluationRoleName, String ruleFunctionArn,
        String copiesPath) {

    /** Comma-separated account ids, or empty: {@link OrganizationAccounts}. */
    public static final String EXCLUDED_ACCOUNTS = "EXCLUDED_ACCOUNTS";
    public static final String REEVALUATION_ROLE_NAME = "REEVALUATION_ROLE_NAME";
    public static final String RULE_FUNCTION_ARN = "RULE_FUNCTION_ARN";
    public static final String RULE_COPIES_PATH = "RULE_COPIES_PATH";

    /** IAM's form of a role name without a path. */
    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    private static final Pattern FUNCTION_ARN =
            Pattern.compile("arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:function:[\\w-]{1,64}(:[\\w$-]{1,128})?");
    private static final Pattern COPIES_PATH = Pattern.compile("aws-service-rule/[a-z0-9.-]+/");

    public OrganizationTriggerSettings {
        TriggerSettings.requireText(TriggerSettings.CONFIG_RULE_NAME, configRuleName);
        TriggerSettings.requireText(TriggerSettings.QUEUE_URL, queueUrl);
        TriggerSettings.requireText(TriggerSettings.DEBOUNCE_TABLE, debounceTable);
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(accounts, "accounts");
        check(REEVALUATION_ROLE_NAME, reEvaluationRoleName, ROLE_NAME, "an IAM role name without a path");
        check(RULE_FUNCTION_ARN, ruleFunctionArn, FUNCTION_ARN, "a Lambda function ARN, with its alias");
        check(RULE_COPIES_PATH, copiesPath, COPIES_PATH, "aws-service-rule/<service principal>/");
    }

    /** Reads the settings through {@code environment} ({@code System::getenv}). */
    public static OrganizationTriggerSettings fromEnvironment(Function<String, String> environment) {
        DebounceLimits limits = TriggerSettings.limits(environment);
        String excluded = environment.apply(EXCLUDED_ACCOUNTS);
        OrganizationAccounts accounts;
        try {
            accounts = OrganizationAccounts.excluding(excluded == null ? "" : excluded);
        } catch (IllegalArgumentException bad) {
            throw new IllegalArgumentException("environment variable " + EXCLUDED_ACCOUNTS + "=" + excluded
                    + " is invalid: " + bad.getMessage());
        }
        return new OrganizationTriggerSettings(environment.apply(TriggerSettings.CONFIG_RULE_NAME),
                environment.apply(TriggerSettings.QUEUE_URL), environment.apply(TriggerSettings.DEBOUNCE_TABLE), limits,
                accounts, environment.apply(REEVALUATION_ROLE_NAME), environment.apply(RULE_FUNCTION_ARN),
                environment.apply(RULE_COPIES_PATH));
    }

    private static void check(String name, String value, Pattern form, String description) {
        TriggerSettings.requireText(name, value);
        if (!form.matcher(value).matches()) {
            throw new IllegalArgumentException("environment variable " + name + "=" + value + " is invalid: expected "
                    + description);
        }
    }
}
