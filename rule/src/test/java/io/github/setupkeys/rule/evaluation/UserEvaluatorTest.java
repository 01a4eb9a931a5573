package io.github.setupkeys.rule.evaluation;

import static io.github.setupkeys.rule.domain.TestUsers.aUser;
import static io.github.setupkeys.rule.domain.TestUsers.activeKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.setupkeys.rule.domain.ComplianceType;
import io.github.setupkeys.rule.domain.IamUser;
import io.github.setupkeys.rule.domain.RuleParameters;
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

        // GetLoginProfile answers a gone user as one without a password, as IAM does (design.md §2.9).
        assertThat(evaluator.evaluate(user, RuleParameters.DEFAULTS).complianceType())
                .isEqualTo(ComplianceType.NOT_APPLICABLE);
        assertThat(account.calls("ListAccessKeys")).isZero();
    }
}
