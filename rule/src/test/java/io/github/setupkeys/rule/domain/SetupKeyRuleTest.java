package io.github.setupkeys.rule.domain;

import static io.github.setupkeys.rule.domain.TestUsers.T0;
import static io.github.setupkeys.rule.domain.TestUsers.aUser;
import static io.github.setupkeys.rule.domain.TestUsers.activeKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SetupKeyRuleTest {

    @Test
    void aKeyCreatedExactlyAtTheEndOfTheWindowIsASetupKey() {
        UserFacts facts = aUser().withConsolePassword().withKey(activeKey().createdAt(T0.plusSeconds(3600))).facts();

        assertThat(SetupKeyRule.evaluate(facts, RuleParameters.DEFAULTS).complianceType())
                .isEqualTo(ComplianceType.NON_COMPLIANT);
    }

    @Test
    void aKeyCreatedOneSecondAfterTheWindowIsNotASetupKey() {
        UserFacts facts = aUser().withConsolePassword().withKey(activeKey().createdAt(T0.plusSeconds(3601))).facts();

        assertThat(SetupKeyRule.evaluate(facts, RuleParameters.DEFAULTS).complianceType())
                .isEqualTo(ComplianceType.COMPLIANT);
    }

    @Test
    void aKeyCreatedTogetherWithItsUserIsASetupKey() {
        UserFacts facts = aUser().withConsolePassword().withKey(activeKey().createdAt(T0)).facts();

        assertThat(SetupKeyRule.evaluate(facts, RuleParameters.DEFAULTS).complianceType())
                .isEqualTo(ComplianceType.NON_COMPLIANT);
    }

    @Test
    void timesAreComparedToTheSecondSoAReportSlotInTheUsersOwnSecondIsASetupKey() {
        UserFacts facts = aUser().createdAt(T0.plusMillis(413)).withConsolePassword()
                .withKey(activeKey().createdAt(T0)).facts();

        assertThat(SetupKeyRule.evaluate(facts, RuleParameters.DEFAULTS).complianceType())
                .isEqualTo(ComplianceType.NON_COMPLIANT);
    }

    @Test
    void aKeyDatedBeforeItsUserIsNotASetupKey() {
        UserFacts facts = aUser().withConsolePassword().withKey(activeKey().createdAt(T0.minusSeconds(1))).facts();

        assertThat(SetupKeyRule.evaluate(facts, RuleParameters.DEFAULTS).complianceType())
                .isEqualTo(ComplianceType.COMPLIANT);
    }

    @Test
    void theWindowParameterMovesTheBoundary() {
        UserFacts facts = aUser().withConsolePassword().withKey(activeKey().createdAt(T0.plusSeconds(20))).facts();

        assertThat(SetupKeyRule.evaluate(facts, RuleParameters.fromMap(Map.of("setupWindowSeconds", "10")))
                .complianceType()).isEqualTo(ComplianceType.COMPLIANT);
        assertThat(SetupKeyRule.evaluate(facts, RuleParameters.fromMap(Map.of("setupWindowSeconds", "20")))
                .complianceType()).isEqualTo(ComplianceType.NON_COMPLIANT);
    }

    @Test
    void theAnnotationNamesKeyStatusSecondsAndFix() {
        UserFacts facts = aUser().withConsolePassword()
                .withKey(activeKey().withId("AKIAIOSFODNN7EXAMPLE").createdAt(T0.plusSeconds(42))).facts();

        assertThat(SetupKeyRule.evaluate(facts, RuleParameters.DEFAULTS).annotation())
                .contains("AKIAIOSFODNN7EXAMPLE", "Active", "42s after user", "deactivate, then delete");
    }

    @Test
    void anExemptUserSaysWhichFindingTheTagSuppressed() {
        UserFacts facts = aUser().withConsolePassword().withKey(activeKey().withId("AKIAIOSFODNN7EXAMPLE"))
                .taggedWith("owner", "breakglass").facts();

        Verdict verdict = SetupKeyRule.evaluate(facts, RuleParameters.fromMap(Map.of("exemptTag", "owner")));

        assertThat(verdict).isInstanceOf(Verdict.NotApplicable.class);
        assertThat(((Verdict.NotApplicable) verdict).reason()).isEqualTo(NotApplicableReason.EXEMPT);
        assertThat(verdict.annotation()).contains("owner", "AKIAIOSFODNN7EXAMPLE", "NON_COMPLIANT");
    }

    @Test
    void anExemptTagWithAnotherValueDoesNotExempt() {
        UserFacts facts = aUser().withConsolePassword().withKey(activeKey()).taggedWith("owner", "alice").facts();

        assertThat(SetupKeyRule.evaluate(facts, RuleParameters.fromMap(Map.of("exemptTag", "owner=breakglass")))
                .complianceType()).isEqualTo(ComplianceType.NON_COMPLIANT);
    }

    @Test
    void theExemptTagDoesNotTurnACompliantUserIntoNotApplicable() {
        UserFacts facts = aUser().withConsolePassword().taggedWith("owner", "breakglass").facts();

        assertThat(SetupKeyRule.evaluate(facts, RuleParameters.fromMap(Map.of("exemptTag", "owner")))
                .complianceType()).isEqualTo(ComplianceType.COMPLIANT);
    }

    @Test
    void decidingOnAKeyWhoseUseWasNotLookedUpIsAProgrammingError() {
        UserFacts facts = aUser().withConsolePassword().withKey(activeKey().useNotLookedUp()).facts();

        assertThatThrownBy(() -> SetupKeyRule.evaluate(facts, RuleParameters.DEFAULTS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not looked up");
    }

    @Test
    void aKeyWhoseUseWasNotLookedUpIsFineWhenUseDoesNotMatter() {
        UserFacts facts = aUser().withConsolePassword().withKey(activeKey().withId("AKIANOTLOOKEDUP00001")
                .useNotLookedUp()).facts();

        assertThat(SetupKeyRule.evaluate(facts, RuleParameters.fromMap(Map.of("requireNeverUsed", "false")))
                .offendingKeys()).extracting(OffendingKey::accessKeyId).containsExactly("AKIANOTLOOKEDUP00001");
    }

    @Test
    void compliantAnnotationsDescribeTheCriteriaInForce() {
        UserFacts facts = aUser().withConsolePassword().withKey(activeKey().createdAt(T0.plusSeconds(9000))).facts();

        assertThat(SetupKeyRule.evaluate(facts, RuleParameters.DEFAULTS).annotation())
                .isEqualTo("Console user; none of its 1 access key(s) was created within 3600s of the user and is "
                        + "active and unused (CIS 1.11).");
        assertThat(SetupKeyRule.evaluate(facts, RuleParameters.fromMap(
                Map.of("requireNeverUsed", "false", "includeInactiveKeys", "true"))).annotation())
                .isEqualTo("Console user; none of its 1 access key(s) was created within 3600s of the user (CIS 1.11).");
    }
}
