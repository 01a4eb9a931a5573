package io.github.setupkeys.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TriggerSettingsTest {

    private final Map<String, String> environment = new HashMap<>(Map.of(
            "CONFIG_RULE_NAME", "iam-user-no-setup-access-keys",
            "QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/111122223333/buffer",
            "DEBOUNCE_TABLE", "IamUserSetupKeysRule-Debounce",
            "MINIMUM_INTERVAL_SECONDS", "900",
            "DAILY_CAP", "12"));

    @Test
    void everySettingComesFromItsEnvironmentVariable() {
        assertThat(TriggerSettings.fromEnvironment(environment::get)).isEqualTo(new TriggerSettings(
                "iam-user-no-setup-access-keys", "https://sqs.eu-west-1.amazonaws.com/111122223333/buffer",
                "IamUserSetupKeysRule-Debounce", new DebounceLimits(Duration.ofMinutes(15), 12)));
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
