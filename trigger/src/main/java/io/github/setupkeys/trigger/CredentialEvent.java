package io.github.setupkeys.trigger;

import java.time.Instant;
import java.util.Objects;

/**
 * One IAM event that may have changed a verdict, as the buffer queue delivered it.
 *
 * @param messageId the SQS message id (what a partial batch failure names)
 * @param receiptHandle what SQS needs to hide the message for longer
 * @param eventName the IAM API call ({@code CreateAccessKey} …)
 * @param time when the call was made (the event's {@code time})
 */
public record CredentialEvent(String messageId, String receiptHandle, String eventName, Instant time) {

    public CredentialEvent {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(receiptHandle, "receiptHandle");
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(time, "time");
    }
}
