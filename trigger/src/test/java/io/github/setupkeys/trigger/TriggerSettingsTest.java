package io.github.setupkeys.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TriggerSettingsTest {

    private final Map<String, String> environment = new HashMap<>(Map.of(
            "CONFIG_RULE_NAME", "iam-user-no-setup-access-keys",
            "QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/111122223333/buffer",
            "DEBOUNCE_TABLE", "IamUserSetupKeysRule-Debounce",
            "MINIMUM_INTERVAL_SECONDS", "900",
            "DAILY_CAP", "12",
            "ALLOWED_ACCOUNTS", "111122223333"));

    @Test
    void everySettingComesFromItsEnvironmentVariable() {
        assertThat(TriggerSettings.fromEnvironment(environment::get)).isEqualTo(new TriggerSettings(
                "iam-user-no-setup-access-keys", "https://sqs.eu-west-1.amazonaws.com/111122223333/buffer",
                "IamUserSetupKeysRule-Debounce", new DebounceLimits(Duration.ofMinutes(15), 12),
                new AllowedAccounts(Set.of("111122223333"))));
    }

    @Test
    void theAllowedAccountsAreAListThatCanGrow() {
        environment.put("ALLOWED_ACCOUNTS", "111122223333, 444455556666");

        AllowedAccounts accounts = TriggerSettings.fromEnvironment(environment::get).allowedAccounts();

        assertThat(accounts.allows("111122223333")).isTrue();
        assertThat(accounts.allows("444455556666")).isTrue();
        assertThat(accounts.allows("777788889999")).isFalse();
        assertThat(accounts).hasToString("111122223333,444455556666");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "11112222333", "111122223333,", "111122223333,abc", "*"})
    void allowedAccountsThatAreNotAccountIdsAreRefusedNamingTheVariable(String value) {
        environment.put("ALLOWED_ACCOUNTS", value);

        assertThatThrownBy(() -> TriggerSettings.fromEnvironment(environment::get))
                .hasMessageStartingWith("environment variable ALLOWED_ACCOUNTS");
    }

    @Test
    void aMissingVariableIsNamed() {
        environment.remove("DEBOUNCE_TABLE");

        assertThatThrownBy(() -> TriggerSettings.fromEnvironment(environment::get))
                .hasMessage("environment variable DEBOUNCE_TABLE is missing");
    }

    @Test
    void aNumberThatIsNotOneIsNamedWithTheAcceptedForm() {
        environment.put("DAILY_CAP", "twelve");

        assertThatThrownBy(() -> TriggerSettings.fromEnvironment(environment::get))
                .hasMessage("environment variable DAILY_CAP=twelve is invalid: expected a whole number");
    }

    @Test
    void anIntervalShorterThanConfigAllowsIsRefused() {
        environment.put("MINIMUM_INTERVAL_SECONDS", "30");

        assertThatThrownBy(() -> TriggerSettings.fromEnvironment(environment::get))
                .hasMessageContaining("MINIMUM_INTERVAL_SECONDS=30")
                .hasMessageContaining("from 60 to 86400");
    }

    @Test
    void aCapOfZeroIsRefused() {
        assertThatThrownBy(() -> new DebounceLimits(Duration.ofMinutes(15), 0))
                .hasMessage("the daily cap must be from 1 to 1440, not 0");
    }
}
