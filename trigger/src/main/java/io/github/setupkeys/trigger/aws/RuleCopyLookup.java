package io.github.setupkeys.trigger.aws;

import io.github.setupkeys.aws.AwsCall;
import io.github.setupkeys.trigger.RuleCopyNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.ConfigRule;
import software.amazon.awssdk.services.config.model.DescribeConfigRulesResponse;
import software.amazon.awssdk.services.config.model.Owner;

/**
 * Finds an account's copy of the organization rule. Config names each copy itself ({@code OrgConfigRule-<name>-<suffix>}
 * for an organization rule, {@code <name>-conformance-pack-<suffix>} in a pack), so the copy is recognized by what
 * the account cannot fake and the name does not promise: a rule whose ARN lies under the service-linked path Config
 * creates the copies under ({@code config-rule/aws-service-rule/<service>/}; no account can create a rule there) in
 * that account, and whose custom Lambda source is the central rule function. Exactly one must match; none or several
 * is an error naming the account, never a guess.
 *
 * <p>{@code DescribeConfigRules} has no filter for any of this, so every page of the account's rules is read; the
 * caller remembers the answer.
 */
public final class RuleCopyLookup {

    private final String ruleFunctionArn;
    private final String copiesPath;

    /**
     * @param ruleFunctionArn the function (alias) ARN the copies invoke
     * @param copiesPath the path under {@code config-rule/}, such as
     *     {@code aws-service-rule/config-multiaccountsetup.amazonaws.com/}
     */
    public RuleCopyLookup(String ruleFunctionArn, String copiesPath) {
        this.ruleFunctionArn = Objects.requireNonNull(ruleFunctionArn, "ruleFunctionArn");
        this.copiesPath = Objects.requireNonNull(copiesPath, "copiesPath");
    }

    /** The name of {@code account}'s copy, read with {@code credentials} (the function's own when empty). */
    public String find(ConfigClient config, Optional<AwsCredentialsProvider> credentials, String account) {
        List<String> copies = new ArrayList<>();
        String token = null;
        do {
            String from = token;
            DescribeConfigRulesResponse page = AwsCall.named("config:DescribeConfigRules",
                    () -> config.describeConfigRules(request -> request.nextToken(from)
                            .overrideConfiguration(override(credentials))));
            page.configRules().stream().filter(rule -> isCopy(rule, account)).map(ConfigRule::configRuleName)
                    .forEach(copies::add);
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        if (copies.size() == 1) {
            return copies.get(0);
        }
        String where = "under config-rule/" + copiesPath + " that invokes " + ruleFunctionArn;
        throw new RuleCopyNotFoundException(copies.isEmpty()
                ? "account " + account + " has no copy of the rule: no Config rule " + where + " (the organization rule"
                        + " or pack has not reached it yet, or Config does not record there)"
                : "account " + account + " has " + copies.size() + " Config rules " + where + " (" + String.join(", ",
                        copies) + "): expected one, so none is started");
    }

    private boolean isCopy(ConfigRule rule, String account) {
        if (rule.source() == null || rule.source().owner() != Owner.CUSTOM_LAMBDA
                || !ruleFunctionArn.equals(rule.source().sourceIdentifier()) || rule.configRuleArn() == null) {
            return false;
        }
        // arn:<partition>:config:<region>:<account>:config-rule/<path><id>
        String[] arn = rule.configRuleArn().split(":", 6);
        return arn.length == 6 && arn[4].equals(account) && arn[5].startsWith("config-rule/" + copiesPath)
                && arn[5].length() > ("config-rule/" + copiesPath).length();
    }

    static AwsRequestOverrideConfiguration override(Optional<AwsCredentialsProvider> credentials) {
        AwsRequestOverrideConfiguration.Builder override = AwsRequestOverrideConfiguration.builder();
        credentials.ifPresent(override::credentialsProvider);
        return override.build();
    }
}
