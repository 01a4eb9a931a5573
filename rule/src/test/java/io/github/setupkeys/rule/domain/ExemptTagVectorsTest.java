package io.github.setupkeys.rule.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.Gson;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shared exemption vectors ({@code exempt-tag-vectors.json}) through the rule's reading of its
 * {@code exemptTag} parameter. The remediation document's own pattern and code run the same file (test module,
 * {@code RemediationExemptTagVectorsTest}), so both accept the same texts, read the same tag and exempt the same
 * users.
 */
class ExemptTagVectorsTest {

    record Vectors(List<Reading> readings, List<Match> matches) {
    }

    /** {@code key} null: the text sets no exemption. */
    record Reading(String text, boolean accepted, String key, String value, String about) {
        @Override
        public String toString() {
            return about;
        }
    }

    record Match(String name, String exemptTag, Map<String, String> tags, boolean exempt) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Vectors vectors() throws IOException {
        try (InputStream in = ExemptTagVectorsTest.class.getResourceAsStream("/exempt-tag-vectors.json")) {
            assertThat(in).as("exempt-tag-vectors.json on the test classpath").isNotNull();
            return new Gson().fromJson(new InputStreamReader(in, StandardCharsets.UTF_8), Vectors.class);
        }
    }

    static Stream<Reading> readings() throws IOException {
        return vectors().readings().stream();
    }

    static Stream<Match> matches() throws IOException {
        return vectors().matches().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readings")
    void theRuleReadsTheExemptTagParameterAsTheVectorSays(Reading vector) {
        Map<String, String> parameters = Map.of(RuleParameters.EXEMPT_TAG, vector.text());
        if (!vector.accepted()) {
            assertThatThrownBy(() -> RuleParameters.fromMap(parameters)).isInstanceOf(InvalidParameterException.class)
                    .hasMessageContaining(RuleParameters.EXEMPT_TAG);
            return;
        }
        RuleParameters read = RuleParameters.fromMap(parameters);
        if (vector.key() == null) {
            assertThat(read.exemptTag()).isEmpty();
        } else {
            assertThat(read.exemptTag()).contains(new ExemptTag(vector.key(), Optional.ofNullable(vector.value())));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matches")
    void theRuleExemptsExactlyTheUsersTheVectorSays(Match vector) {
        assertThat(ExemptTag.parse(RuleParameters.EXEMPT_TAG, vector.exemptTag()).matches(vector.tags()))
                .isEqualTo(vector.exempt());
    }
}
