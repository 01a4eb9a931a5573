package io.github.setupkeys.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StrictJsonTest {

    @Test
    void jsonAsAwsWritesItReadsAsGsonWouldReadIt() {
        String json = "{\"a\":[1,-0,1e3,3600.0,true,null,\"\\u00e9\\n\"],\"b\":{\"c\":{}}}";

        assertThat(StrictJson.parse(json)).isEqualTo(JsonParser.parseString(json));
        assertThat(StrictJson.parse(" 42 ").getAsString()).isEqualTo("42");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unquoted name|{a:1}|malformed JSON at line 1 column 3",
        "single quotes|{'a':1}|malformed JSON at line 1 column 3",
        "comment|/**/{}|malformed JSON at line 1 column 2",
        "trailing comma|{\"a\":1,}|Expected name at line 1 column 9",
        "two values|{}{}|malformed JSON at line 1 column 4",
        "hexadecimal number|{\"a\":0x10}|malformed JSON at line 1 column 6",
        "name twice|{\"b\":{\"a\":1,\"a\":2}}|the name 'a' appears twice in one object",
        "nothing|''|End of input at line 1 column 1"
    })
    void jsonGsonWouldTakeLenientlyIsRefusedOnOneLine(String what, String json, String message) {
        assertThatThrownBy(() -> StrictJson.parse(json))
                .isInstanceOf(JsonSyntaxException.class)
                .hasMessage(message);
    }

    @Test
    void aControlCharacterInAStringIsRefusedWithoutGsonsPathOrLink() {
        // Found by the property tests of Config events (now ConfigRuleHandlerFuzzTest): skipping a string does not check it, reading it does.
        assertThatThrownBy(() -> StrictJson.parse("{\"path\":\"a\u0000b\"}"))
                .isInstanceOf(JsonSyntaxException.class)
                .hasMessageStartingWith("Unescaped control characters")
                .hasMessageNotContainingAny("\n", "path $", "https://");
    }

    @Test
    void deepNestingIsRefusedNotAStackOverflow() {
        assertThatThrownBy(() -> StrictJson.parse("[".repeat(100_000)))
                .isInstanceOf(JsonSyntaxException.class)
                .hasMessageStartingWith("Nesting limit");
    }
}
