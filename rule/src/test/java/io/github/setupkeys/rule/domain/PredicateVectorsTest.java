package io.github.setupkeys.rule.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shared predicate vectors ({@code predicate-vectors.json}) through the pure rule. The SSM remediation
 * document's own code runs the same file (test module, {@code RemediationPredicateVectorsTest}), so both
 * decide every case alike.
 */
class PredicateVectorsTest {

    /** The file as written; {@code lastUsed} null means never used, absent parameters take the defaults. */
    record Vectors(List<Case> cases) {
    }

    record Case(String name, VectorUser user, List<VectorKey> keys, Map<String, String> parameters,
            List<String> offending) {

        @Override
        public String toString() {
            return name;
        }
    }

    record VectorUser(String createDate, boolean consolePassword) {
    }

    record VectorKey(String id, String status, String createDate, String lastUsed) {
    }

    static Stream<Case> cases() throws IOException {
        try (InputStream in = PredicateVectorsTest.class.getResourceAsStream("/predicate-vectors.json")) {
            assertThat(in).as("predicate-vectors.json on the test classpath").isNotNull();
            return new Gson().fromJson(new InputStreamReader(in, StandardCharsets.UTF_8), Vectors.class).cases().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theRuleFlagsExactlyTheVectorsOffendingKeys(Case vector) {
        Verdict verdict = SetupKeyRule.evaluate(facts(vector), RuleParameters.fromMap(vector.parameters()));

        assertThat(verdict.offendingKeys()).extracting(OffendingKey::accessKeyId)
                .containsExactlyElementsOf(vector.offending());
    }

    @Test
    void theVectorsCoverTheBoundariesOfTheSpec() throws IOException {
        List<String> names = cases().map(Case::name).toList();

        assertThat(names).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(20);
        assertThat(String.join("\n", names)).contains("(0 s)", "(3600 s)", "(3601 s)", "before the user",
                "no console password", "used setup key", "inactive", "two setup keys");
    }

    private static UserFacts facts(Case vector) {
        IamUser user = new IamUser("vector-user", Optional.empty(), "arn:aws:iam::123456789012:user/vector-user",
                Instant.parse(vector.user().createDate()));
        List<AccessKeyFacts> keys = vector.keys().stream()
                .map(key -> new AccessKeyFacts(key.id(), KeyStatus.valueOf(key.status().toUpperCase(Locale.ROOT)),
                        Instant.parse(key.createDate()),
                        key.lastUsed() == null ? KeyUse.never() : KeyUse.lastUsedAt(Instant.parse(key.lastUsed()))))
                .toList();
        return new UserFacts(user, vector.user().consolePassword(), keys, Map.of());
    }
}
