package io.github.setupkeys.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.setupkeys.trigger.DebounceLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NearRealTimeSettingsTest {

    @Test
    void noContextTurnsItOnWithTheDefaultsInTheDeployingCredentialsRegion() {
        NearRealTimeSettings settings = NearRealTimeSettings.fromContext(Map.<String, Object>of()::get, "eu-west-1");

        assertThat(settings).isEqualTo(new NearRealTimeSettings(true, "eu-west-1", Duration.ofSeconds(60),
                new DebounceLimits(Duration.ofMinutes(15), 12), Path.of("trigger/target/setupkeys-trigger.jar")));
        assertThat(settings.forwardsFromUsEast1()).isTrue();
    }

    @Test
    void withoutAnyRegionTheRuleRegionIsUsEast1WhichNeedsNoForwarding() {
        NearRealTimeSettings settings = NearRealTimeSettings.fromContext(Map.<String, Object>of()::get, null);

        assertThat(settings.ruleRegion()).isEqualTo("us-east-1");
        assertThat(settings.forwardsFromUsEast1()).isFalse();
    }

    @Test
    void everySettingCanBeGivenAsStringOrAsJsonValueAndTheContextRegionWins() {
        NearRealTimeSettings settings = NearRealTimeSettings.fromContext(Map.<String, Object>of(
                "nearRealTime", false,
                "ruleRegion", "ap-southeast-2",
                "nearRealTimeBatchingWindowSeconds", 0,
                "nearRealTimeMinimumIntervalSeconds", "600",
                "nearRealTimeDailyCap", 4,
                "triggerJar", "/tmp/trigger.jar")::get, "eu-west-1");

        assertThat(settings).isEqualTo(new NearRealTimeSettings(false, "ap-southeast-2", Duration.ZERO,
                new DebounceLimits(Duration.ofMinutes(10), 4), Path.of("/tmp/trigger.jar")));
        assertThat(settings.forwardsFromUsEast1()).as("turned off: nothing to forward").isFalse();
    }

    @Test
    void badValuesAreRejectedNamingTheKeyAndTheAcceptedForm() {
        assertThatThrownBy(() -> NearRealTimeSettings.fromContext(Map.<String, Object>of("nearRealTime", "yes")::get, null))
                .hasMessage("context nearRealTime=yes is invalid: expected true or false");
        assertThatThrownBy(() -> NearRealTimeSettings.fromContext(Map.<String, Object>of("ruleRegion", "Ireland")::get, null))
                .hasMessage("context ruleRegion=Ireland is invalid: expected a region name such as eu-west-1");
        assertThatThrownBy(() -> NearRealTimeSettings.fromContext(
                Map.<String, Object>of("nearRealTimeBatchingWindowSeconds", 600)::get, null))
                .hasMessage("context nearRealTimeBatchingWindowSeconds=600 is invalid: expected 0 to 300");
        assertThatThrownBy(() -> NearRealTimeSettings.fromContext(
                Map.<String, Object>of("nearRealTimeMinimumIntervalSeconds", 30)::get, null))
                .hasMessageContaining("nearRealTimeMinimumIntervalSeconds=30")
                .hasMessageContaining("from 60 to 86400");
        assertThatThrownBy(() -> NearRealTimeSettings.fromContext(Map.<String, Object>of("nearRealTimeDailyCap", "many")::get,
                null))
                .hasMessage("context nearRealTimeDailyCap=many is invalid: expected a whole number");
    }
}
