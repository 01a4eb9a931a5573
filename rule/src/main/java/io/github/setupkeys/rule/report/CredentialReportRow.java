package io.github.setupkeys.rule.report;

import io.github.setupkeys.rule.domain.AccessKeyFacts;
import io.github.setupkeys.rule.domain.IamUser;
import io.github.setupkeys.rule.domain.UserFacts;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One IAM user's row of a credential report. Each access key slot that holds a key becomes an
 * {@link AccessKeyFacts} named after its slot ({@code access_key_1}): the report carries no key ids.
 */
public record CredentialReportRow(String userName, String arn, Instant userCreationTime, boolean passwordEnabled,
        List<AccessKeyFacts> accessKeys) {

    public CredentialReportRow {
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(userCreationTime, "userCreationTime");
        accessKeys = List.copyOf(accessKeys);
    }

    /** The user as the report knows it (no user id). */
    public IamUser user() {
        return new IamUser(userName, Optional.empty(), arn, userCreationTime);
    }

    /** The row's facts about {@code user}, who must be the user this row describes. */
    public UserFacts factsAbout(IamUser user) {
        return new UserFacts(user, passwordEnabled, accessKeys, Map.of());
    }
}
