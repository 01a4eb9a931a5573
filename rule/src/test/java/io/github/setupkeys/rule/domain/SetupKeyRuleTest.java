package io.github.setupkeys.rule.domain;

import static io.github.setupkeys.rule.domain.TestUsers.T0;
import static io.github.setupkeys.rule.domain.TestUsers.aUser;
import static io.github.setupkeys.rule.domain.TestUsers.activeKey;
import static io.github.setupkeys.rule.domain.TestUsers.inactiveKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
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
    void aCompliantAnnotationSaysWhatSettledItKeyByKey() {
        // Was: "none of its 2 access key(s) was created within 3600s of the user and is active and unused", which
        // reads as if the setup key were not one.
        UserFacts facts = aUser().withConsolePassword()
                .withKey(inactiveKey().withId("AKIAINACTIVE00000001"))
                .withKey(activeKey().withId("AKIAROTATED000000002").createdAt(T0.plusSeconds(9000))).facts();
        UserFacts used = aUser().withConsolePassword().withKey(activeKey().withId("AKIAUSED000000000001")
                .usedAt(Instant.parse("2026-01-03T10:00:00Z"))).facts();

        assertThat(SetupKeyRule.evaluate(facts, RuleParameters.DEFAULTS).annotation())
                .isEqualTo("Console user; no setup key offends: setup key AKIAINACTIVE00000001 is inactive; "
                        + "1 other key(s) created outside the 3600s setup window (CIS 1.11).");
        assertThat(SetupKeyRule.evaluate(used, RuleParameters.DEFAULTS).annotation())
                .isEqualTo("Console user; no setup key offends: setup key AKIAUSED000000000001 was used on 2026-01-03 "
                        + "(CIS 1.11).");
    }

    @Test
    void keysOutsideTheWindowAreCountedNotNamedSoTheReportAndIamReadAlike() {
        UserFacts facts = aUser().withConsolePassword()
                .withKey(activeKey().withId("AKIAIOSFODNN7EXAMPLE").createdAt(T0.plusSeconds(9000)))
                .withKey(activeKey().withId("AKIAI44QH8DHBEXAMPLE").createdAt(T0.plusSeconds(9001))).facts();

        assertThat(SetupKeyRule.evaluate(facts, RuleParameters.DEFAULTS).annotation())
                .isEqualTo("Console user without setup keys: its 2 access key(s) were created outside the 3600s "
                        + "setup window (CIS 1.11).");
    }

    @Test
    void aKeyOlderThanIamsRecordOfUseIsNotCalledUnused() {
        // IAM records use since 2015-04-22: "never used" of an older key says only "not since".
        Instant created = Instant.parse("2014-06-01T00:00:00Z");
        UserFacts old = aUser().createdAt(created).withConsolePassword()
                .withKey(activeKey().withId("AKIAOLD0000000000001").createdAt(created.plusSeconds(5))).facts();

        Verdict verdict = SetupKeyRule.evaluate(old, RuleParameters.DEFAULTS);

        assertThat(verdict.complianceType()).isEqualTo(ComplianceType.NON_COMPLIANT);
        assertThat(verdict.annotation()).contains("AKIAOLD0000000000001 (Active, use unknown: none recorded since "
                + "2015-04-22, created 5s after user)").doesNotContain("unused");
    }
}
