package io.github.setupkeys.rule.evaluation;

import static io.github.setupkeys.rule.domain.TestUsers.aUser;
import static io.github.setupkeys.rule.domain.TestUsers.activeKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.setupkeys.rule.domain.ComplianceType;
import io.github.setupkeys.rule.domain.IamUser;
import io.github.setupkeys.rule.domain.RuleParameters;
import io.github.setupkeys.rule.domain.SetupKeyRule;
import io.github.setupkeys.rule.domain.Verdict;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserEvaluatorTest {

    private static final RuleParameters EXEMPTING = RuleParameters.fromMap(Map.of("exemptTag", "setupkeys=exempt"));

    private final InMemoryIamFacts account = new InMemoryIamFacts();
    private final UserEvaluator evaluator = new UserEvaluator(account);

    @Test
    void scenario11_anExemptUserIsNotApplicable() {
        IamUser user = account.add(aUser().withConsolePassword().withKey(activeKey()).taggedWith("setupkeys", "exempt")
                .facts()).listUsers().get(0);

        assertThat(evaluator.evaluate(user, EXEMPTING).complianceType()).isEqualTo(ComplianceType.NOT_APPLICABLE);
        assertThat(account.calls("ListUserTags")).isEqualTo(1);
    }

    @Test
    void tagsAreNotReadWhenTheVerdictCannotBeNonCompliant() {
        IamUser user = account.add(aUser().withConsolePassword().taggedWith("setupkeys", "exempt").facts())
                .listUsers().get(0);

        assertThat(evaluator.evaluate(user, EXEMPTING).complianceType()).isEqualTo(ComplianceType.COMPLIANT);
        assertThat(account.calls("ListUserTags")).isZero();
    }

    @Test
    void tagsAreNotReadWithoutAnExemptionParameter() {
        IamUser user = account.add(aUser().withConsolePassword().withKey(activeKey()).taggedWith("setupkeys", "exempt")
                .facts()).listUsers().get(0);

        assertThat(evaluator.evaluate(user, RuleParameters.DEFAULTS).complianceType())
                .isEqualTo(ComplianceType.NON_COMPLIANT);
        assertThat(account.calls("ListUserTags")).isZero();
    }

    @Test
    void scenario9_aUserThatNoLongerExistsIsNotApplicable() {
        IamUser user = account.add(aUser().named("gone").withConsolePassword().facts()).listUsers().get(0);
        account.remove("gone");

        assertThat(evaluator.evaluate(user, RuleParameters.DEFAULTS)).isEqualTo(SetupKeyRule.userDeleted());
    }

    @Test
    void aUserDeletedBeforeItsPasswordIsReadIsSaidToBeGoneNotToHaveNoPassword() {
        // GetLoginProfile answers NoSuchEntity for it, as for a user without a password.
        IamUser user = account.add(aUser().named("gone").withConsolePassword().withKey(activeKey()).facts())
                .listUsers().get(0);
        account.remove("gone");

        Verdict verdict = evaluator.evaluate(user, RuleParameters.DEFAULTS);

        assertThat(verdict).isEqualTo(SetupKeyRule.userDeleted());
        assertThat(verdict.annotation()).isEqualTo("The IAM user no longer exists.");
        assertThat(account.calls()).containsEntry("GetLoginProfile", 1).containsEntry("GetUser", 1);
    }

    @Test
    void aUserRecreatedUnderTheSameNameWithoutAPasswordIsAnotherUserSoTheListedOneIsGone() {
        IamUser listed = account.add(aUser().named("reused").withId("AIDAFIRSTUSER0000001").withConsolePassword()
                .withKey(activeKey()).facts()).listUsers().get(0);
        account.add(aUser().named("reused").withId("AIDASECONDUSER000001").facts());

        assertThat(evaluator.evaluate(listed, RuleParameters.DEFAULTS)).isEqualTo(SetupKeyRule.userDeleted());
    }

    @Test
    void aUserWithoutAPasswordIsNotApplicableOnceIamSaysItStillExists() {
        IamUser user = account.add(aUser().named("service").withKey(activeKey()).facts()).listUsers().get(0);

        Verdict verdict = evaluator.evaluate(user, RuleParameters.DEFAULTS);

        assertThat(verdict.complianceType()).isEqualTo(ComplianceType.NOT_APPLICABLE);
        assertThat(verdict.annotation()).startsWith("No console password");
        assertThat(account.calls()).containsEntry("GetLoginProfile", 1).containsEntry("GetUser", 1)
                .doesNotContainKey("ListAccessKeys");
    }
}
