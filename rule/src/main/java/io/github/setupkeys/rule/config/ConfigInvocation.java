package io.github.setupkeys.rule.config;

import io.github.setupkeys.rule.domain.RecordingParameters;
import io.github.setupkeys.rule.domain.RuleParameters;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One invocation of the rule by Config, validated.
 *
 * @param item the configuration item of a change notification, or the summary of an oversized one;
 *     empty for a scheduled notification
 * @param notificationTime {@code notificationCreationTime} of a scheduled notification, else the item's
 *     capture time: the ordering timestamp of what this invocation writes
 * @param executionRoleName the role to assume in an account other than the function's own
 * @param recording how a periodic run records its verdicts
 */
public record ConfigInvocation(MessageType messageType, Optional<ConfigurationItem> item, Instant notificationTime,
        RuleParameters parameters, Optional<String> executionRoleName, String resultToken, boolean eventLeftScope,
        String accountId, String configRuleName, RecordingParameters recording) {

    /** The result token with which Config asks for a dry run: evaluations are checked, not stored. */
    public static final String TEST_MODE_TOKEN = "TESTMODE";

    public ConfigInvocation {
        Objects.requireNonNull(messageType, "messageType");
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(notificationTime, "notificationTime");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(executionRoleName, "executionRoleName");
        Objects.requireNonNull(resultToken, "resultToken");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(configRuleName, "configRuleName");
        Objects.requireNonNull(recording, "recording");
    }

    public boolean testMode() {
        return TEST_MODE_TOKEN.equals(resultToken);
    }
}
