package io.github.setupkeys.rule.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The calls-in-flight setting, as the Lambda function and the scan command read it from their environment. */
class CallsInFlightTest {

    @ParameterizedTest(name = "unset or blank ({0}): the default")
    @NullSource
    @ValueSource(strings = {"", "  "})
    void unsetOrBlankIsTheDefault(String value) {
        assertThat(CallsInFlight.fromEnvironment(name -> value)).isEqualTo(new CallsInFlight(8));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"1, 1", "' 4 ', 4", "32, 32", "08, 8"})
    void aWholeNumberFromOneTo32IsTaken(String value, int calls) {
        assertThat(CallsInFlight.fromEnvironment(Map.of(CallsInFlight.VARIABLE, value)::get).value()).isEqualTo(calls);
    }

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {"0", "33", "-1", "+4", "4.0", "eight", "١٢", "999999999999"})
    void anythingElseIsRefusedNamingTheVariable(String value) {
        assertThatThrownBy(() -> CallsInFlight.fromEnvironment(Map.of(CallsInFlight.VARIABLE, value)::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SETUPKEYS_CALLS_IN_FLIGHT='" + value + "' is invalid: expected a whole number of calls "
                        + "from 1 to 32");
    }
}
