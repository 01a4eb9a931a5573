package io.github.setupkeys.it.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shared vectors ({@code rule/src/test/resources/predicate-vectors.json}, also run through the Java rule
 * by the rule module's {@code PredicateVectorsTest}) through the predicate of the document's own
 * SelectOffendingKeys script, loaded from the document, with the document's defaults and patterns.
 */
class RemediationPredicateVectorsTest {

    /** One harness run decides every vector; each test reads its own result. */
    private static Map<String, AutomationHarness.VectorResult> results;

    static Stream<String> vectors() throws IOException {
        return JsonParser.parseString(Files.readString(RemediationFiles.inRepo(RemediationFiles.VECTORS)))
                .getAsJsonObject().getAsJsonArray("cases").asList().stream()
                .map(JsonElement::getAsJsonObject).map(vector -> vector.get("name").getAsString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void theDocumentFlagsExactlyTheVectorsOffendingKeys(String vector) {
        AutomationHarness.VectorResult result = results().get(vector);

        assertThat(result).as("the harness decided %s", vector).isNotNull();
        assertThat(result.actual()).containsExactlyElementsOf(result.expected());
    }

    private static synchronized Map<String, AutomationHarness.VectorResult> results() {
        if (results == null) {
            results = AutomationHarness.predicateOnEveryVector().stream()
                    .collect(Collectors.toMap(AutomationHarness.VectorResult::name, Function.identity()));
        }
        return results;
    }
}
