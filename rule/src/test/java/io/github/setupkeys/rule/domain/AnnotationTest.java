package io.github.setupkeys.rule.domain;

import static io.github.setupkeys.rule.domain.TestUsers.T0;
import static io.github.setupkeys.rule.domain.TestUsers.aUser;
import static io.github.setupkeys.rule.domain.TestUsers.activeKey;
import static io.github.setupkeys.rule.domain.TestUsers.inactiveKey;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AnnotationTest {

    @Test
    void theLongestFindingFitsWithoutBeingCut() {
        // IAM allows two keys per user; both offending, both used, both as far from the user as possible.
        UserFacts facts = aUser().withConsolePassword()
                .withKey(activeKey().withId("AKIAIOSFODNN7EXAMPLE").createdAt(T0.plusSeconds(604_800))
                        .usedAt(T0.plusSeconds(604_900)))
                .withKey(inactiveKey().withId("AKIAI44QH8DHBEXAMPLE").createdAt(T0.plusSeconds(604_799))
                        .usedAt(T0.plusSeconds(604_900)))
                .facts();
        RuleParameters everything = RuleParameters.fromMap(Map.of("setupWindowSeconds", "604800",
                "requireNeverUsed", "false", "includeInactiveKeys", "true"));

        String annotation = SetupKeyRule.evaluate(facts, everything).annotation();

        assertThat(annotation).hasSizeLessThanOrEqualTo(Annotation.MAX_LENGTH).doesNotEndWith("…")
                .contains("AKIAIOSFODNN7EXAMPLE (Active, used, created 604800s after user)")
                .contains("AKIAI44QH8DHBEXAMPLE (Inactive, used, created 604799s after user)");
    }

    @Test
    void aKeyWhoseUseWasNotLookedUpIsNeitherCalledUsedNorUnused() {
        UserFacts facts = aUser().withConsolePassword()
                .withKey(activeKey().withId("AKIAIOSFODNN7EXAMPLE").createdAt(T0.plusSeconds(5)).useNotLookedUp())
                .facts();

        String annotation = SetupKeyRule.evaluate(facts, RuleParameters.fromMap(Map.of("requireNeverUsed", "false")))
                .annotation();

        assertThat(annotation).contains("AKIAIOSFODNN7EXAMPLE (Active, created 5s after user)")
                .doesNotContain("unused").doesNotContain(" used");
    }

    @Test
    void anExemptionWithTheLongestTagIsCutToFit() {
        UserFacts facts = aUser().withConsolePassword().withKey(activeKey()).taggedWith("k".repeat(128), "v".repeat(256))
                .facts();

        String annotation = SetupKeyRule.evaluate(facts,
                RuleParameters.fromMap(Map.of("exemptTag", "k".repeat(128) + "=" + "v".repeat(256)))).annotation();

        assertThat(annotation).hasSize(Annotation.MAX_LENGTH).endsWith("…").startsWith("Exempt by tag kkk");
    }

    @Test
    void textThatFitsIsKept() {
        assertThat(Annotation.fit("x".repeat(256))).isEqualTo("x".repeat(256));
    }

    @Test
    void cuttingNeverSplitsASurrogatePair() {
        String text = "x".repeat(254) + "\uD83D\uDD11" + "tail";

        String fitted = Annotation.fit(text);

        assertThat(fitted).hasSizeLessThanOrEqualTo(256).endsWith("x…");
    }
}
