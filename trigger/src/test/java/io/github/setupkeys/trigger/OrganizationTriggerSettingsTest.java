package io.github.setupkeys.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrganizationTriggerSettingsTest {

    private final Map<String, String> environment = new HashMap<>(Map.of(
            "CONFIG_RULE_NAME", "iam-user-no-setup-access-keys",
            "QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/111122223333/buffer",
            "DEBOUNCE_TABLE", "IamUserSetupKeysOrganization-Debounce",
            "MINIMUM_INTERVAL_SECONDS", "900",
            "DAILY_CAP", "12",
            "EXCLUDED_ACCOUNTS", "444455556666,777788889999",
            "REEVALUATION_ROLE_NAME", "IamUserSetupKeysReEvaluation",
            "RULE_FUNCTION_ARN", "arn:aws:lambda:eu-west-1:111122223333:function:IamUserSetupKeysOrganization-Rule:live",
            "RULE_COPIES_PATH", "aws-service-rule/config-multiaccountsetup.amazonaws.com/"));

    @Test
    void everySettingComesFromItsEnvironmentVariable() {
        assertThat(OrganizationTriggerSettings.fromEnvironment(environment::get)).isEqualTo(
                new OrganizationTriggerSettings("iam-user-no-setup-access-keys",
                        "https://sqs.eu-west-1.amazonaws.com/111122223333/buffer", "IamUserSetupKeysOrganization-Debounce",
                        new DebounceLimits(Duration.ofMinutes(15), 12),
                        new OrganizationAccounts(Set.of("444455556666", "777788889999")), "IamUserSetupKeysReEvaluation",
                        "arn:aws:lambda:eu-west-1:111122223333:function:IamUserSetupKeysOrganization-Rule:live",
                        "aws-service-rule/config-multiaccountsetup.amazonaws.com/"));
    }

    @Test
    void withoutExcludedAccountsEveryAccountOfTheOrganizationCountsButNoneThatIsNotAnAccountId() {
        environment.remove("EXCLUDED_ACCOUNTS");

        OrganizationAccounts accounts = OrganizationTriggerSettings.fromEnvironment(environment::get).accounts();

        assertThat(accounts.allows("444455556666")).isTrue();
        assertThat(accounts.allows("4444555566667")).isFalse();
        assertThat(accounts.allows("*")).isFalse();
        environment.put("EXCLUDED_ACCOUNTS", "");
        assertThat(OrganizationTriggerSettings.fromEnvironment(environment::get).accounts().excluded()).isEmpty();
    }

    @Test
    void anExcludedAccountIsNotServed() {
        OrganizationAccounts accounts = OrganizationTriggerSettings.fromEnvironment(environment::get).accounts();

        assertThat(accounts.allows("444455556666")).isFalse();
        assertThat(accounts.allows("111122223333")).isTrue();
        assertThat(accounts).hasToString("444455556666,777788889999");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "EXCLUDED_ACCOUNTS|444455556666,|environment variable EXCLUDED_ACCOUNTS=444455556666, is invalid",
            "EXCLUDED_ACCOUNTS|*|environment variable EXCLUDED_ACCOUNTS=* is invalid",
            "REEVALUATION_ROLE_NAME|path/Role|environment variable REEVALUATION_ROLE_NAME=path/Role is invalid",
            "RULE_FUNCTION_ARN|arn:aws:lambda:eu-west-1:*:function:x|environment variable RULE_FUNCTION_ARN",
            "RULE_COPIES_PATH|config-rule/*|environment variable RULE_COPIES_PATH=config-rule/* is invalid",
            "MINIMUM_INTERVAL_SECONDS|30|MINIMUM_INTERVAL_SECONDS=30, DAILY_CAP=12 are invalid"})
    void aBadValueIsRefusedNamingItsVariable(String name, String value, String message) {
        environment.put(name, value);

        assertThatThrownBy(() -> OrganizationTriggerSettings.fromEnvironment(environment::get))
                .hasMessageStartingWith(message);
    }

    @Test
    void aMissingVariableIsNamed() {
        environment.remove("REEVALUATION_ROLE_NAME");

        assertThatThrownBy(() -> OrganizationTriggerSettings.fromEnvironment(environment::get))
                .hasMessage("environment variable REEVALUATION_ROLE_NAME is missing");
    }
}
