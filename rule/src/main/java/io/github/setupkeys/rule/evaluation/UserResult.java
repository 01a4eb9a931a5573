package io.github.setupkeys.rule.evaluation;

import io.github.setupkeys.rule.domain.IamUser;
import io.github.setupkeys.rule.domain.Verdict;
import java.util.Objects;

/** The verdict for one user. */
public record UserResult(IamUser user, Verdict verdict) {

    public UserResult {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(verdict, "verdict");
    }
}
