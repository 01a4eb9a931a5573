package io.github.setupkeys.rule.evaluation;

import io.github.setupkeys.rule.domain.ComplianceType;
import io.github.setupkeys.rule.domain.IamUser;
import io.github.setupkeys.rule.domain.RuleParameters;
import io.github.setupkeys.rule.domain.SetupKeyRule;
import io.github.setupkeys.rule.domain.UserFacts;
import io.github.setupkeys.rule.domain.Verdict;
import java.util.Objects;

/**
 * Evaluates one user with live facts. Tags are read only when an exemption is configured and the verdict
 * would otherwise be NON_COMPLIANT: they cannot change any other verdict.
 */
public final class UserEvaluator {

    private final IamFacts iam;

    public UserEvaluator(IamFacts iam) {
        this.iam = Objects.requireNonNull(iam, "iam");
    }

    /** The verdict for {@code user}; NOT_APPLICABLE if the user disappears while its facts are gathered. */
    public Verdict evaluate(IamUser user, RuleParameters parameters) {
        try {
            UserFacts facts = iam.factsAbout(user, parameters);
            Verdict verdict = SetupKeyRule.evaluate(facts, parameters);
            if (verdict.complianceType() == ComplianceType.NON_COMPLIANT && parameters.exemptTag().isPresent()) {
                verdict = SetupKeyRule.evaluate(facts.withTags(iam.tagsOf(user)), parameters);
            }
            return verdict;
        } catch (UserNotFoundException gone) {
            return SetupKeyRule.userDeleted();
        }
    }
}
