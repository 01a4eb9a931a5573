package io.github.setupkeys.infra;

import io.github.setupkeys.rule.domain.IamNames;
import io.github.setupkeys.rule.domain.RuleMetadata;
import io.github.setupkeys.rule.domain.Severity;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Whether and how the deployment makes the rule's findings first-class in Security Hub (an automation rule that
 * enriches them, a custom action that remediates them), read from the CDK context and validated here.
 *
 * @param enabled {@code securityHub}: off by default, since creating an automation rule fails where Security Hub is not
 *     enabled or the account is not its administrator
 * @param severity {@code securityHubSeverity}: the severity the automation rule gives the rule's findings
 * @param account {@code securityHubAccount}, organization deployments only: the Security Hub administrator account
 *     the automation rule and the custom action go to, when it is not the central account
 */
public record SecurityHubSettings(boolean enabled, Severity severity, Optional<String> account) {

    public static final String SECURITY_HUB = "securityHub";
    public static final String SEVERITY = "securityHubSeverity";
    public static final String ACCOUNT = "securityHubAccount";

    public static final SecurityHubSettings OFF = new SecurityHubSettings(false, RuleMetadata.SEVERITY, Optional.empty());

    public SecurityHubSettings {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(account, "account");
        account.ifPresent(id -> {
            if (!IamNames.ACCOUNT_ID.matcher(id).matches()) {
                throw invalid(ACCOUNT, id, "the 12-digit id of the Security Hub administrator account");
            }
        });
    }

    /**
     * Reads the settings through {@code lookup}; {@code organization} says whether the deployment is the organization
     * one, the only one with a Security Hub account of its own. The other keys without {@code securityHub=true}
     * contradict it, and are refused rather than ignored.
     */
    public static SecurityHubSettings fromContext(Function<String, Object> lookup, boolean organization) {
        String enabled = string(lookup.apply(SECURITY_HUB));
        String severity = string(lookup.apply(SEVERITY));
        String account = string(lookup.apply(ACCOUNT));
        boolean on = enabled != null && DeploymentSettings.parseBoolean(SECURITY_HUB, enabled);
        if (!on && (severity != null || account != null)) {
            String key = severity != null ? SEVERITY : ACCOUNT;
            throw new IllegalArgumentException("context " + key + " needs " + SECURITY_HUB + "=true: without it nothing "
                    + "is deployed to Security Hub");
        }
        if (account != null && !organization) {
            throw new IllegalArgumentException("context " + ACCOUNT + " applies to deployment=organization only: a "
                    + "single-account deployment puts everything into the account it is deployed to");
        }
        return new SecurityHubSettings(on, severity == null ? RuleMetadata.SEVERITY : severity(severity),
                Optional.ofNullable(account));
    }

    private static Severity severity(String text) {
        return Arrays.stream(Severity.values()).filter(value -> value.name().equals(text)).findFirst()
                .orElseThrow(() -> invalid(SEVERITY, text, "one of " + String.join(", ",
                        Arrays.stream(Severity.values()).map(Severity::name).toList())));
    }

    private static String string(Object value) {
        return value == null ? null : value.toString().strip();
    }

    private static IllegalArgumentException invalid(String key, String value, String form) {
        return new IllegalArgumentException("context " + key + "=" + value + " is invalid: expected " + form);
    }
}
