package io.github.setupkeys.it.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shared exemption vectors ({@code rule/src/test/resources/exempt-tag-vectors.json}, also run through the
 * Java rule by the rule module's {@code ExemptTagVectorsTest}) through the document: its ExemptTag pattern,
 * then the reading and matching of its own ApplyExemptTag script. A text the rule refuses is refused by the one
 * or the other, before any key is touched; a text it accepts is read as the same key and value.
 */
class RemediationExemptTagVectorsTest {

    private static AutomationHarness.ExemptTagResults results;

    static Stream<Integer> readings() throws IOException {
        return IntStream.range(0, expected().getAsJsonArray("readings").size()).boxed();
    }

    static Stream<Integer> matches() throws IOException {
        return IntStream.range(0, expected().getAsJsonArray("matches").size()).boxed();
    }

    @ParameterizedTest(name = "reading {0}")
    @MethodSource("readings")
    void theDocumentAcceptsAndReadsExactlyWhatTheRuleDoes(int index) throws IOException {
        JsonObject vector = expected().getAsJsonArray("readings").get(index).getAsJsonObject();
        AutomationHarness.ExemptTagResults.Reading actual = results().readings().get(index);

        assertThat(actual.text()).isEqualTo(vector.get("text").getAsString());
        assertThat(actual.accepted()).as("%s: %s", vector.get("about").getAsString(), actual.why())
                .isEqualTo(vector.get("accepted").getAsBoolean());
        if (vector.get("accepted").getAsBoolean()) {
            assertThat(actual.key()).isEqualTo(text(vector.get("key")));
            assertThat(actual.value()).isEqualTo(text(vector.get("value")));
        }
    }

    @ParameterizedTest(name = "match {0}")
    @MethodSource("matches")
    void theDocumentExemptsExactlyTheUsersTheRuleDoes(int index) throws IOException {
        JsonObject vector = expected().getAsJsonArray("matches").get(index).getAsJsonObject();
        AutomationHarness.ExemptTagResults.Match actual = results().matches().get(index);

        assertThat(actual.name()).isEqualTo(vector.get("name").getAsString());
        assertThat(actual.exempt()).as(actual.name()).isEqualTo(vector.get("exempt").getAsBoolean());
    }

    private static String text(JsonElement element) {
        return element == null || element.isJsonNull() ? null : element.getAsString();
    }

    private static JsonObject expected() throws IOException {
        return JsonParser.parseString(Files.readString(RemediationFiles.inRepo(RemediationFiles.EXEMPT_TAG_VECTORS)))
                .getAsJsonObject();
    }

    private static synchronized AutomationHarness.ExemptTagResults results() {
        if (results == null) {
            results = AutomationHarness.exemptTagOnEveryVector();
            assertThat(results.readings()).isNotEmpty();
            assertThat(results.matches()).isNotEmpty();
        }
        return results;
    }
}
