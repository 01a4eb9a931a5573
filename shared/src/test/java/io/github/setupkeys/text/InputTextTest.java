package io.github.setupkeys.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InputTextTest {

    @Test
    void shortPrintableTextIsQuotedAsItIs() {
        assertThat(InputText.quote("team=ops")).isEqualTo("'team=ops'");
        assertThat(InputText.quote("ünïcødé 😀")).isEqualTo("'ünïcødé 😀'");
    }

    @Test
    void lineBreakingAndInvisibleCharactersAreEscaped() {
        assertThat(InputText.quote("a\nb\r\u0085\u2028\u2029\u0000\uFEFF\t")).isEqualTo(
                "'a\\u000ab\\u000d\\u0085\\u2028\\u2029\\u0000\\ufeff\\u0009'");
        assertThat(InputText.quote("x\uD800y")).as("an unpaired surrogate").isEqualTo("'x\\ud800y'");
    }

    @Test
    void longTextIsCutSayingHowLongItWas() {
        assertThat(InputText.quote("x".repeat(1_000))).isEqualTo("'" + "x".repeat(60) + "…' (1000 characters)");
        assertThat(InputText.clean("\n".repeat(1_000))).isEqualTo("\\u000a".repeat(10) + "… (1000 characters)");
    }

    @Test
    void aSurrogatePairIsNeverCutInHalf() {
        assertThat(InputText.quote("x".repeat(59) + "😀".repeat(5))).isEqualTo("'" + "x".repeat(59) + "😀…' (69 characters)");
    }

    @Test
    void aMessageIsPutOnOneLineWhole() {
        assertThat(InputText.oneLine("AccessDenied:\r\n  not allowed\n\nat all \n")).isEqualTo("AccessDenied: not allowed at all");
        assertThat(InputText.oneLine("x".repeat(1_000))).as("never cut").hasSize(1_000);
        assertThat(InputText.oneLine(null)).isEqualTo("null");
    }
}
