package io.github.setupkeys.rule.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An IAM user as listed by IAM. The user id ({@code AIDA…}, Config's resource id for the user) is absent
 * when the user was read from a credential report, which carries no ids.
 */
public record IamUser(String userName, Optional<String> userId, String arn, Instant createDate) {

    public IamUser {
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(createDate, "createDate");
    }
}
