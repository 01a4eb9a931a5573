package io.github.setupkeys.it.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The shared vectors ({@code rule/src/test/resources/predicate-vectors.json}, also run through the Java rule
 * by the rule module's {@code PredicateVectorsTest}) through the predicate of the document's own
 * SelectOffendingKeys script, loaded from the document, with the document's defaults and patterns.
 */
class RemediationPredicateVectorsTest {

    @TestFactory
    Stream<DynamicTest> theDocumentFlagsExactlyTheVectorsOffendingKeys() throws IOException {
        List<AutomationHarness.VectorResult> results = AutomationHarness.predicateOnEveryVector();
        int cases = JsonParser.parseString(Files.readString(RemediationFiles.inRepo(RemediationFiles.VECTORS)))
                .getAsJsonObject().getAsJsonArray("cases").size();

        assertThat(results).as("a result for every vector").hasSize(cases);
        return results.stream().map(result -> DynamicTest.dynamicTest(result.name(),
                () -> assertThat(result.actual()).containsExactlyElementsOf(result.expected())));
    }
}
