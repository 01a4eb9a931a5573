package io.github.setupkeys.rule.domain;

import java.util.Objects;

/** An access key that makes its user NON_COMPLIANT, and how many seconds after the user it was created. */
public record OffendingKey(AccessKeyFacts key, long secondsAfterUser) {

    public OffendingKey {
        Objects.requireNonNull(key, "key");
    }

    public String accessKeyId() {
        return key.accessKeyId();
    }
}
