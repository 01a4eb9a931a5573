package io.github.setupkeys.rule.evaluation;

import io.github.setupkeys.rule.domain.AccessKeyFacts;
import io.github.setupkeys.rule.domain.ComplianceType;
import io.github.setupkeys.rule.domain.IamUser;
import io.github.setupkeys.rule.domain.RuleParameters;
import io.github.setupkeys.rule.domain.SetupKeyRule;
import io.github.setupkeys.rule.domain.UserFacts;
import io.github.setupkeys.rule.domain.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Evaluates one user with live facts, reading only what can change the verdict (see {@link UserFacts}): without
 * a console password the keys are not listed; a key's use is looked up only when the key could offend and use
 * matters; tags are read only when an exemption is configured and the verdict would otherwise be NON_COMPLIANT,
 * since they cannot change any other verdict.
 */
public final class UserEvaluator {

    private final IamFacts iam;

    public UserEvaluator(IamFacts iam) {
        this.iam = Objects.requireNonNull(iam, "iam");
    }

    /** The verdict for {@code user}; NOT_APPLICABLE if the user disappears while its facts are read. */
    public Verdict evaluate(IamUser user, RuleParameters parameters) {
        try {
            UserFacts facts = factsAbout(user, parameters);
            Verdict verdict = SetupKeyRule.evaluate(facts, parameters);
            if (verdict.complianceType() == ComplianceType.NON_COMPLIANT && parameters.exemptTag().isPresent()) {
                verdict = SetupKeyRule.evaluate(facts.withTags(iam.tagsOf(user)), parameters);
            }
            return verdict;
        } catch (UserNotFoundException gone) {
            return SetupKeyRule.userDeleted();
        }
    }

    /** Password and keys, each key's use only where it decides; no tags. */
    private UserFacts factsAbout(IamUser user, RuleParameters parameters) {
        if (!iam.hasConsolePassword(user)) {
            return new UserFacts(user, false, List.of(), Map.of());
        }
        List<AccessKeyFacts> keys = new ArrayList<>();
        for (AccessKeyFacts key : iam.accessKeys(user)) {
            if (SetupKeyRule.couldOffend(user, key, parameters) && SetupKeyRule.useMatters(parameters)) {
                // A key deleted since it was listed cannot offend: it is left out.
                iam.lastUse(key.accessKeyId()).ifPresent(use -> keys.add(key.withUse(use)));
            } else {
                keys.add(key);
            }
        }
        return new UserFacts(user, true, keys, Map.of());
    }
}
