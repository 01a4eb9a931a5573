package io.github.setupkeys.rule.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RuleParametersTest {

    @Test
    void noParametersMeansTheDefaults() {
        RuleParameters parameters = RuleParameters.fromMap(Map.of());

        assertThat(parameters).isEqualTo(RuleParameters.DEFAULTS);
        assertThat(parameters.setupWindowSeconds()).isEqualTo(3600);
        assertThat(parameters.requireNeverUsed()).isTrue();
        assertThat(parameters.includeInactiveKeys()).isFalse();
        assertThat(parameters.exemptTag()).isEmpty();
    }

    @Test
    void everyParameterIsRead() {
        RuleParameters parameters = RuleParameters.fromMap(Map.of("setupWindowSeconds", "600",
                "requireNeverUsed", "FALSE", "includeInactiveKeys", " true ", "exemptTag", "team=ops"));

        assertThat(parameters).isEqualTo(new RuleParameters(600, false, true,
                Optional.of(new ExemptTag("team", Optional.of("ops")))));
    }

    @Test
    void blankValuesTakeTheDefault() {
        assertThat(RuleParameters.fromMap(Map.of("setupWindowSeconds", " ", "exemptTag", "")))
                .isEqualTo(RuleParameters.DEFAULTS);
    }

    @ParameterizedTest(name = "{0}={1} is rejected naming the parameter and the accepted form")
    @CsvSource(delimiter = '|', value = {
        "setupWindowSeconds|0|an integer number of seconds from 1 to 604800",
        "setupWindowSeconds|604801|an integer number of seconds from 1 to 604800",
        "setupWindowSeconds|-5|an integer number of seconds from 1 to 604800",
        "setupWindowSeconds|1h|an integer number of seconds from 1 to 604800",
        "setupWindowSeconds|99999999999999999999|an integer number of seconds from 1 to 604800",
        "requireNeverUsed|yes|true or false",
        "includeInactiveKeys|1|true or false",
        "exemptTag|=value|key or key=value"
    })
    void badValuesAreRejected(String name, String value, String accepted) {
        assertThatThrownBy(() -> RuleParameters.fromMap(Map.of(name, value)))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> {
                    assertThat(e.parameter()).isEqualTo(name);
                    assertThat(e.value()).isEqualTo(value);
                    assertThat(e.accepted()).startsWith(accepted);
                })
                .hasMessageStartingWith("rule parameter " + name + " has invalid value '" + value + "': expected");
    }

    @Test
    void aMisspeltParameterIsRejectedRatherThanIgnored() {
        assertThatThrownBy(() -> RuleParameters.fromMap(Map.of("setupWindowSecond", "60")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessage("rule parameter setupWindowSecond: expected one of exemptTag, includeInactiveKeys, "
                        + "requireNeverUsed, setupWindowSeconds");
    }

    @Test
    void theLargestWindowIsOneWeek() {
        assertThat(RuleParameters.fromMap(Map.of("setupWindowSeconds", "604800")).setupWindowSeconds())
                .isEqualTo(604_800);
        assertThat(RuleParameters.fromMap(Map.of("setupWindowSeconds", "1")).setupWindowSeconds()).isEqualTo(1);
    }

    @Test
    void parametersRoundTripThroughTheirMap() {
        RuleParameters parameters = RuleParameters.fromMap(Map.of("setupWindowSeconds", "10", "exemptTag", "k=v"));

        assertThat(RuleParameters.fromMap(parameters.toMap())).isEqualTo(parameters);
    }

    @Test
    void anExemptTagIsAKeyOrAKeyAndValue() {
        assertThat(ExemptTag.parse("exemptTag", "owner")).isEqualTo(new ExemptTag("owner", Optional.empty()));
        assertThat(ExemptTag.parse("exemptTag", "owner=")).isEqualTo(new ExemptTag("owner", Optional.of("")));
        assertThat(ExemptTag.parse("exemptTag", "a=b=c")).isEqualTo(new ExemptTag("a", Optional.of("b=c")));
    }

    @Test
    void aKeyOnlyTagMatchesAnyValueAndAKeyValueTagOnlyItsValueWithTheKeyInAnyCaseAsIamKeepsIt() {
        assertThat(ExemptTag.parse("exemptTag", "owner").matches(Map.of("owner", "anyone"))).isTrue();
        assertThat(ExemptTag.parse("exemptTag", "owner=ops").matches(Map.of("owner", "ops"))).isTrue();
        assertThat(ExemptTag.parse("exemptTag", "owner=ops").matches(Map.of("owner", "dev"))).isFalse();
        assertThat(ExemptTag.parse("exemptTag", "owner").matches(Map.of("Owner", "ops"))).isTrue();
        assertThat(ExemptTag.parse("exemptTag", "owner=ops").matches(Map.of("OWNER", "Ops"))).as("values keep case")
                .isFalse();
    }

    @Test
    void anOverlongTagIsRejected() {
        assertThatThrownBy(() -> ExemptTag.parse("exemptTag", "k".repeat(129)))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> ExemptTag.parse("exemptTag", "k=" + "v".repeat(257)))
                .isInstanceOf(InvalidParameterException.class);
    }

    // Regressions found by the property test of rule parameters (now RuleParameterFuzzTest).

    @ParameterizedTest(name = "setupWindowSeconds={0} is rejected")
    @ValueSource(strings = {"+60", "٣٦٠٠", "３６００", "1e3", "3600.0", "0x10", "-0"})
    void onlyPlainAsciiDigitsAreAWindow(String value) {
        // Was: Long.parseLong took "+60" as 60 and Arabic-Indic or fullwidth digits as 3600.
        assertThatThrownBy(() -> RuleParameters.fromMap(Map.of("setupWindowSeconds", value)))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessage("rule parameter setupWindowSeconds has invalid value '" + value
                        + "': expected an integer number of seconds from 1 to 604800");
    }

    @ParameterizedTest(name = "exemptTag {0} is rejected")
    @ValueSource(strings = {"truE\u0000", "bad\nkey", "k\u200bey", "owner=ops\u0007"})
    void anExemptTagNoIamTagCanCarryIsRejected(String value) {
        // Was: accepted, so the exemption silently matched nobody.
        assertThatThrownBy(() -> RuleParameters.fromMap(Map.of("exemptTag", value)))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("rule parameter exemptTag has invalid value '")
                .hasMessageEndingWith("letters, digits, spaces and _.:/=+-@)")
                .hasMessageNotContainingAny("\u0000", "\n", "\u200b", "\u0007");
    }

    @Test
    void tagsInAnyScriptWithIamPunctuationAreAccepted() {
        assertThat(ExemptTag.parse("exemptTag", "Ünïcødé team = ñ/ops:1+2@x_y.z-w"))
                .isEqualTo(new ExemptTag("Ünïcødé team", Optional.of("ñ/ops:1+2@x_y.z-w")));
    }

    @Test
    void anUnknownNameIsShownEscaped() {
        // Was: a line break in the name went into the message.
        assertThatThrownBy(() -> RuleParameters.fromMap(Map.of("setup\nWindow", "60")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("rule parameter setup\\u000aWindow: expected one of");
    }
}
