package io.github.setupkeys.rule.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One access key of a user. Read from a credential report the id is the slot name
 * ({@code access_key_1}), since the report carries no key ids.
 */
public record AccessKeyFacts(String accessKeyId, KeyStatus status, Instant createDate, KeyUse use) {

    public AccessKeyFacts {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createDate, "createDate");
        Objects.requireNonNull(use, "use");
    }

    /** This key, with its use as looked up. */
    public AccessKeyFacts withUse(KeyUse lookedUp) {
        return new AccessKeyFacts(accessKeyId, status, createDate, lookedUp);
    }

    public boolean isActive() {
        return status == KeyStatus.ACTIVE;
    }
}
