package io.github.setupkeys.rule.domain;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the rule knows about one user.
 *
 * <p>Facts are gathered only as far as they can change the verdict: without a console password the
 * access keys are not listed, key use is looked up only for keys that could offend, and tags are read
 * only when an exemption tag is configured and the verdict would otherwise be NON_COMPLIANT (tags can
 * only turn NON_COMPLIANT into NOT_APPLICABLE, so evaluating without them is exact for every other
 * verdict).
 */
public record UserFacts(IamUser user, boolean consolePassword, List<AccessKeyFacts> accessKeys, Map<String, String> tags) {

    public UserFacts {
        Objects.requireNonNull(user, "user");
        accessKeys = List.copyOf(accessKeys);
        tags = Map.copyOf(tags);
    }

    public UserFacts withTags(Map<String, String> userTags) {
        return new UserFacts(user, consolePassword, accessKeys, userTags);
    }
}
