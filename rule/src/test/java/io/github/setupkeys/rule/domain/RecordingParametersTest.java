package io.github.setupkeys.rule.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RecordingParametersTest {

    @Test
    void noParametersMeanARefreshEverySevenDaysAndOnlyChangesOtherwise() {
        assertThat(RecordingParameters.fromMap(Map.of())).isEqualTo(RecordingParameters.DEFAULTS)
                .isEqualTo(new RecordingParameters(7, false));
    }

    @Test
    void bothAreReadAndOtherNamesAreLeftToTheCaller() {
        assertThat(RecordingParameters.fromMap(Map.of("refreshDays", " 89 ", "recordUnchanged", "TRUE",
                "setupWindowSeconds", "60"))).isEqualTo(new RecordingParameters(89, true));
        assertThat(RecordingParameters.fromMap(Map.of("refreshDays", "007"))).isEqualTo(new RecordingParameters(7, false));
    }

    @Test
    void blankValuesTakeTheDefault() {
        assertThat(RecordingParameters.fromMap(Map.of("refreshDays", " ", "recordUnchanged", "")))
                .isEqualTo(RecordingParameters.DEFAULTS);
    }

    @ParameterizedTest(name = "refreshDays={0} is refused")
    @ValueSource(strings = {"0", "90", "-1", "+7", "7.0", "1e1", "٧", "７", "seven", "1w", "9999999999"})
    void aRefreshPeriodOutsideOneToEightyNineDaysIsRefused(String value) {
        assertThatThrownBy(() -> RecordingParameters.fromMap(Map.of("refreshDays", value)))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.parameter())
                        .isEqualTo("refreshDays"))
                .hasMessage("rule parameter refreshDays has invalid value '" + value
                        + "': expected an integer number of days from 1 to 89");
    }

    @ParameterizedTest(name = "recordUnchanged={0} is refused")
    @CsvSource({"yes", "1", "tru"})
    void recordUnchangedIsTrueOrFalse(String value) {
        assertThatThrownBy(() -> RecordingParameters.fromMap(Map.of("recordUnchanged", value)))
                .hasMessage("rule parameter recordUnchanged has invalid value '" + value + "': expected true or false");
    }

    @Test
    void parametersRoundTripThroughTheirMap() {
        RecordingParameters parameters = new RecordingParameters(30, true);

        assertThat(parameters.toMap()).containsExactly(Map.entry("refreshDays", "30"), Map.entry("recordUnchanged", "true"));
        assertThat(RecordingParameters.fromMap(parameters.toMap())).isEqualTo(parameters);
    }

    @Test
    void theRecordItselfRefusesAPeriodOutOfRange() {
        assertThatThrownBy(() -> new RecordingParameters(0, false)).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> new RecordingParameters(90, false)).isInstanceOf(InvalidParameterException.class);
    }
}
