package io.github.setupkeys.trigger;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One IAM event that may have changed a verdict, as the buffer queue delivered it.
 *
 * @param messageId the SQS message id (what a partial batch failure names)
 * @param receiptHandle what SQS needs to hide the message for longer
 * @param account the event's {@code account}: the account whose EventBridge sent it (EventBridge sets it)
 * @param recipientAccount the CloudTrail record's {@code recipientAccountId}, the account that received the call,
 *     when the record names one
 * @param eventName the IAM API call ({@code CreateAccessKey} …)
 * @param time when the call was made (the event's {@code time})
 */
public record CredentialEvent(String messageId, String receiptHandle, String account, Optional<String> recipientAccount,
        String eventName, Instant time) {

    public CredentialEvent {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(receiptHandle, "receiptHandle");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(recipientAccount, "recipientAccount");
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(time, "time");
    }

    /** Whether the CloudTrail record names another account than the event's sender as the one that received it. */
    public boolean namesAnotherAccount() {
        return recipientAccount.filter(recipient -> !recipient.equals(account)).isPresent();
    }
}
