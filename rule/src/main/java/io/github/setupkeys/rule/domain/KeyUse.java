package io.github.setupkeys.rule.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What is known about the use of an access key: never used, last used at an instant, or not looked up
 * (facts are gathered only for keys whose use can change the verdict).
 */
public sealed interface KeyUse permits KeyUse.Never, KeyUse.LastUsed, KeyUse.NotLookedUp {

    /**
     * IAM records access key use since this day (22 April 2015): for a key created before it, "never used"
     * ({@code N/A} in a credential report, no {@code LastUsedDate} from {@code GetAccessKeyLastUsed}) means only
     * "not used since", and earlier use is unknown.
     */
    Instant RECORDED_SINCE = Instant.parse("2015-04-22T00:00:00Z");

    static KeyUse never() {
        return Never.INSTANCE;
    }

    static KeyUse lastUsedAt(Instant when) {
        return new LastUsed(when);
    }

    static KeyUse notLookedUp() {
        return NotLookedUp.INSTANCE;
    }

    /** No use of the key is recorded: never used, or (for a key older than {@link #RECORDED_SINCE}) not since. */
    enum Never implements KeyUse {
        INSTANCE
    }

    /** The key was last used at {@code when}. */
    record LastUsed(Instant when) implements KeyUse {
        public LastUsed {
            Objects.requireNonNull(when, "when");
        }
    }

    /** Use was not looked up because it could not change the verdict. */
    enum NotLookedUp implements KeyUse {
        INSTANCE
    }

    /** The last use, when known and present. */
    default Optional<Instant> lastUsed() {
        return this instanceof LastUsed used ? Optional.of(used.when()) : Optional.empty();
    }
}
